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
import { PostgresAuditLog } from './postgres/postgres-audit-log.js';
import { PostgresBankStore } from './postgres/postgres-bank-store.js';
import { PostgresRunner } from './postgres/postgres-runner.js';
import { PostgresSealedValueStore } from './postgres/postgres-sealed-value-store.js';
import { SqlAccessStore } from './stores/access-store.js';
import { SqliteAuditLog } from './sqlite/sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
import { SqlCaseStore } from './stores/case-store.js';
import { SqlEvidenceStore } from './stores/evidence-store.js';
import { SqlJobStore } from './stores/job-store.js';
import { SqlMonitorStore } from './stores/monitor-store.js';
import { SqlNoticeStore } from './stores/notice-store.js';
import { SqliteRunner } from './sqlite/sqlite-runner.js';
import { SqlReviewStore } from './stores/review-store.js';
import { SqliteSealedValueStore } from './sqlite/sqlite-sealed-value-store.js';
import { SqlScreenJobStore } from './stores/screen-job-store.js';
import { SqlScreeningStore } from './stores/screening-store.js';
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
      access: new SqlAccessStore(new SqliteRunner(db), keepOpen),
      audit: new SqliteAuditLog(db),
      banks: new SqliteBankStore(db, keepOpen),
      cases: new SqlCaseStore(new SqliteRunner(db)),
      evidence: new SqlEvidenceStore(new SqliteRunner(db)),
      jobs: new SqlJobStore(new SqliteRunner(db)),
      monitors: new SqlMonitorStore(new SqliteRunner(db)),
      notices: new SqlNoticeStore(new SqliteRunner(db)),
      review: new SqlReviewStore(new SqliteRunner(db)),
      screenJobs: new SqlScreenJobStore(new SqliteRunner(db)),
      screenings: new SqlScreeningStore(new SqliteRunner(db), keepOpen),
      sealed: new SqliteSealedValueStore(db),
    };
  }
  const pool = connection.pool;
  const keepOpen = async () => undefined;
  return {
    access: new SqlAccessStore(new PostgresRunner(pool), keepOpen),
    audit: new PostgresAuditLog(pool),
    banks: new PostgresBankStore(pool, keepOpen),
    cases: new SqlCaseStore(new PostgresRunner(pool)),
    evidence: new SqlEvidenceStore(new PostgresRunner(pool)),
    jobs: new SqlJobStore(new PostgresRunner(pool)),
    monitors: new SqlMonitorStore(new PostgresRunner(pool)),
    notices: new SqlNoticeStore(new PostgresRunner(pool)),
    review: new SqlReviewStore(new PostgresRunner(pool)),
    screenJobs: new SqlScreenJobStore(new PostgresRunner(pool)),
    screenings: new SqlScreeningStore(new PostgresRunner(pool), keepOpen),
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
