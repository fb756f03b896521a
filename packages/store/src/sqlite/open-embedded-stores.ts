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
import { SqlAccessStore } from '../stores/access-store.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite-bank-store.js';
import { SqlCaseStore } from '../stores/case-store.js';
import { SqlEvidenceStore } from '../stores/evidence-store.js';
import { SqlNoticeStore } from '../stores/notice-store.js';
import { SqliteRunner } from './sqlite-runner.js';
import { SqlReviewStore } from '../stores/review-store.js';
import { SqlJobStore } from '../stores/job-store.js';
import { SqlMonitorStore } from '../stores/monitor-store.js';
import { SqlScreenJobStore } from '../stores/screen-job-store.js';
import { SqlScreeningStore } from '../stores/screening-store.js';

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
  const runner = new SqliteRunner(db);
  const closeOnce = (): void => {
    if (db.open) db.close();
  };
  return {
    banks: new SqliteBankStore(db, closeOnce),
    access: new SqlAccessStore(runner, closeOnce),
    screenings: new SqlScreeningStore(runner, closeOnce),
    screenJobs: new SqlScreenJobStore(runner),
    audit: new SqliteAuditLog(db),
    jobs: new SqlJobStore(runner),
    cases: new SqlCaseStore(runner),
    notices: new SqlNoticeStore(runner),
    review: new SqlReviewStore(runner),
    evidence: new SqlEvidenceStore(runner),
    monitors: new SqlMonitorStore(runner),
    sealed: new SqliteSealedValueStore(db),
    db,
    close: async () => closeOnce(),
  };
}
