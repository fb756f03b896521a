import { join } from 'node:path';
import type {
  AccessStore,
  AuditStore,
  BankStore,
  CaseStore,
  EvidenceStore,
  JobStore,
  MonitorStore,
  NoticeStore,
  ReviewStore,
  ScreenJobStore,
  ScreeningStore,
  SealedValueStore,
} from '@haechi/core';
import { SqliteSealedValueStore } from './sqlite-sealed-value-store.js';
import { openSqlite, type SqliteDatabase } from './open-sqlite.js';
import { SqliteAccessStore } from './sqlite-access-store.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite-bank-store.js';
import { SqliteCaseStore } from './sqlite-case-store.js';
import { SqliteEvidenceStore } from './sqlite-evidence-store.js';
import { SqliteNoticeStore } from './sqlite-notice-store.js';
import { SqliteReviewStore } from './sqlite-review-store.js';
import { SqliteJobStore } from './sqlite-job-store.js';
import { SqliteMonitorStore } from './sqlite-monitor-store.js';
import { SqliteScreenJobStore } from './sqlite-screen-job-store.js';
import { SqliteScreeningStore } from './sqlite-screening-store.js';

export interface EmbeddedStores {
  readonly banks: BankStore;
  readonly access: AccessStore;
  readonly screenings: ScreeningStore;
  readonly screenJobs: ScreenJobStore;
  readonly audit: AuditStore;
  readonly jobs: JobStore;
  readonly cases: CaseStore;
  readonly notices: NoticeStore;
  readonly review: ReviewStore;
  readonly evidence: EvidenceStore;
  readonly monitors: MonitorStore;
  readonly sealed: SealedValueStore;
  readonly db: SqliteDatabase;
  /** Closes the shared connection (once, whichever store asks). */
  close(): Promise<void>;
}

/** Every store on one connection to `<dataDir>/haechi.db`. */
export function openEmbeddedStores(dataDir: string): EmbeddedStores {
  const db = openSqlite(join(dataDir, 'haechi.db'));
  const closeOnce = (): void => {
    if (db.open) db.close();
  };
  return {
    banks: new SqliteBankStore(db, closeOnce),
    access: new SqliteAccessStore(db, closeOnce),
    screenings: new SqliteScreeningStore(db, closeOnce),
    screenJobs: new SqliteScreenJobStore(db),
    audit: new SqliteAuditLog(db),
    jobs: new SqliteJobStore(db),
    cases: new SqliteCaseStore(db),
    notices: new SqliteNoticeStore(db),
    review: new SqliteReviewStore(db),
    evidence: new SqliteEvidenceStore(db),
    monitors: new SqliteMonitorStore(db),
    sealed: new SqliteSealedValueStore(db),
    db,
    close: async () => closeOnce(),
  };
}
