import type {
  AccessStore,
  AttemptStore,
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
import type { SqlRunner } from '../sql/statements.js';
import { SqlAccessStore } from './access-store.js';
import { SqlAttemptStore } from './attempt-store.js';
import { SqlCaseStore } from './case-store.js';
import { SqlEvidenceStore } from './evidence-store.js';
import { SqlJobStore } from './job-store.js';
import { SqlMonitorStore } from './monitor-store.js';
import { SqlNoticeStore } from './notice-store.js';
import { SqlReviewStore } from './review-store.js';
import { SqlScreenJobStore } from './screen-job-store.js';
import { SqlScreeningStore } from './screening-store.js';
import { SqlSealedValueStore } from './sealed-value-store.js';

/** Every store of one deployment. */
export interface Stores {
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
  readonly attempts: AttemptStore;
}

/**
 * Every store on one connection (a SQLite database or a PostgreSQL pool). The bank store and the
 * audit log are the backend's own; `close` closes the shared connection, whichever store asks.
 */
export function sqlStores(
  runner: SqlRunner,
  own: { banks: BankStore; audit: AuditStore; close: () => void | Promise<void> },
): Stores {
  return {
    banks: own.banks,
    audit: own.audit,
    access: new SqlAccessStore(runner, own.close),
    screenings: new SqlScreeningStore(runner, own.close),
    screenJobs: new SqlScreenJobStore(runner),
    jobs: new SqlJobStore(runner),
    cases: new SqlCaseStore(runner),
    notices: new SqlNoticeStore(runner),
    review: new SqlReviewStore(runner),
    attempts: new SqlAttemptStore(runner),
    evidence: new SqlEvidenceStore(runner),
    monitors: new SqlMonitorStore(runner),
    sealed: new SqlSealedValueStore(runner),
  };
}
