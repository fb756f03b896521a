// Test support (not exported): every store on one connection, whichever backend it is.
import type {
  AccessStore,
  AuditStore,
  BankStore,
  CaseStore,
  EvidenceStore,
  JobStore,
  MonitorStore,
  NoticeStore,
  Org,
  ReviewStore,
  ScreenJobStore,
  ScreeningStore,
  SealedValueStore,
} from '@haechi/core';
import { PostgresAccessStore } from './postgres/postgres-access-store.js';
import { PostgresAuditLog } from './postgres/postgres-audit-log.js';
import { PostgresBankStore } from './postgres/postgres-bank-store.js';
import { PostgresCaseStore } from './postgres/postgres-case-store.js';
import { PostgresEvidenceStore } from './postgres/postgres-evidence-store.js';
import { PostgresJobStore } from './postgres/postgres-job-store.js';
import { PostgresMonitorStore } from './postgres/postgres-monitor-store.js';
import { PostgresNoticeStore } from './postgres/postgres-notice-store.js';
import { PostgresReviewStore } from './postgres/postgres-review-store.js';
import { PostgresSealedValueStore } from './postgres/postgres-sealed-value-store.js';
import { PostgresScreenJobStore } from './postgres/postgres-screen-job-store.js';
import { PostgresScreeningStore } from './postgres/postgres-screening-store.js';
import { SqliteAccessStore } from './sqlite/sqlite-access-store.js';
import { SqliteAuditLog } from './sqlite/sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
import { SqliteCaseStore } from './sqlite/sqlite-case-store.js';
import { SqliteEvidenceStore } from './sqlite/sqlite-evidence-store.js';
import { SqliteJobStore } from './sqlite/sqlite-job-store.js';
import { SqliteMonitorStore } from './sqlite/sqlite-monitor-store.js';
import { SqliteNoticeStore } from './sqlite/sqlite-notice-store.js';
import { SqliteReviewStore } from './sqlite/sqlite-review-store.js';
import { SqliteSealedValueStore } from './sqlite/sqlite-sealed-value-store.js';
import { SqliteScreenJobStore } from './sqlite/sqlite-screen-job-store.js';
import { SqliteScreeningStore } from './sqlite/sqlite-screening-store.js';
import { afterEach, beforeEach } from 'vitest';
import type { Backend, Connection } from './test-backends.js';

export interface TestStores {
  readonly access: AccessStore;
  readonly audit: AuditStore;
  readonly banks: BankStore;
  readonly cases: CaseStore;
  readonly evidence: EvidenceStore;
  readonly jobs: JobStore;
  readonly monitors: MonitorStore;
  readonly notices: NoticeStore;
  readonly review: ReviewStore;
  readonly screenJobs: ScreenJobStore;
  readonly screenings: ScreeningStore;
  readonly sealed: SealedValueStore;
}

/** The stores on `connection`; closing the connection is the backend's `dispose`. */
export function storesOn(connection: Connection): TestStores {
  if (connection.kind === 'sqlite') {
    const db = connection.db;
    const keepOpen = () => undefined;
    return {
      access: new SqliteAccessStore(db, keepOpen),
      audit: new SqliteAuditLog(db),
      banks: new SqliteBankStore(db, keepOpen),
      cases: new SqliteCaseStore(db),
      evidence: new SqliteEvidenceStore(db),
      jobs: new SqliteJobStore(db),
      monitors: new SqliteMonitorStore(db),
      notices: new SqliteNoticeStore(db),
      review: new SqliteReviewStore(db),
      screenJobs: new SqliteScreenJobStore(db),
      screenings: new SqliteScreeningStore(db, keepOpen),
      sealed: new SqliteSealedValueStore(db),
    };
  }
  const pool = connection.pool;
  const keepOpen = async () => undefined;
  return {
    access: new PostgresAccessStore(pool, keepOpen),
    audit: new PostgresAuditLog(pool),
    banks: new PostgresBankStore(pool, keepOpen),
    cases: new PostgresCaseStore(pool),
    evidence: new PostgresEvidenceStore(pool),
    jobs: new PostgresJobStore(pool),
    monitors: new PostgresMonitorStore(pool),
    notices: new PostgresNoticeStore(pool),
    review: new PostgresReviewStore(pool),
    screenJobs: new PostgresScreenJobStore(pool),
    screenings: new PostgresScreeningStore(pool, keepOpen),
    sealed: new PostgresSealedValueStore(pool),
  };
}

/**
 * Fresh, migrated, empty stores on `backend` for each test of the calling `describe`, disposed
 * after it.
 */
export function useStores(backend: Backend): () => TestStores {
  let stores: TestStores | undefined;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    stores = storesOn(opened.connection);
  });
  afterEach(async () => {
    await dispose?.();
    stores = undefined;
  });
  return () => {
    if (!stores) throw new Error('the stores exist only inside a test');
    return stores;
  };
}

/** A platform organisation (Korean jurisdiction, subscribed to every bank). */
export function addPlatform(stores: TestStores, name: string, at: string): Promise<Org> {
  return stores.access.createOrg({
    name,
    kind: 'platform',
    jurisdiction: 'KR',
    subscriptions: ['*'],
    policy: {},
    createdAt: at,
  });
}
