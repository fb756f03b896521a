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
import { PostgresSealedValueStore } from './postgres-sealed-value-store.js';
import { SqlAccessStore } from '../stores/access-store.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { PostgresBankStore } from './postgres-bank-store.js';
import { SqlCaseStore } from '../stores/case-store.js';
import { SqlEvidenceStore } from '../stores/evidence-store.js';
import { SqlJobStore } from '../stores/job-store.js';
import { runPostgresMigrations } from './postgres-migrations.js';
import { SqlMonitorStore } from '../stores/monitor-store.js';
import { SqlNoticeStore } from '../stores/notice-store.js';
import { openPostgresPool, type PoolOptions, type PostgresPool } from './postgres-pool.js';
import { PostgresRunner } from './postgres-runner.js';
import { SqlReviewStore } from '../stores/review-store.js';
import { SqlScreenJobStore } from '../stores/screen-job-store.js';
import { SqlScreeningStore } from '../stores/screening-store.js';

export interface PostgresStores {
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
  readonly pool: PostgresPool;
  close(): Promise<void>;
}

/** Every store on one pool to `url` (tables in `schema` when given), migrated first. */
export async function openPostgresStores(
  url: string,
  options: PoolOptions = {},
): Promise<PostgresStores> {
  const pool = openPostgresPool(url, options);
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema))
      throw new Error(`not a schema name: ${JSON.stringify(options.schema)}`);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  }
  await runPostgresMigrations(pool);
  const runner = new PostgresRunner(pool);
  let closed = false;
  const close = async () => {
    if (!closed) await pool.end();
    closed = true;
  };
  return {
    banks: new PostgresBankStore(pool, close),
    access: new SqlAccessStore(runner, close),
    screenings: new SqlScreeningStore(runner, close),
    screenJobs: new SqlScreenJobStore(runner),
    audit: new PostgresAuditLog(pool),
    jobs: new SqlJobStore(runner),
    cases: new SqlCaseStore(runner),
    notices: new SqlNoticeStore(runner),
    review: new SqlReviewStore(runner),
    evidence: new SqlEvidenceStore(runner),
    monitors: new SqlMonitorStore(runner),
    sealed: new PostgresSealedValueStore(pool),
    pool,
    close,
  };
}
