export { MIGRATIONS, runMigrations } from './sqlite/migrations.js';
export { openSqlite, type SqliteDatabase } from './sqlite/open-sqlite.js';
export { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
export { openEmbeddedStores, type EmbeddedStores } from './sqlite/open-embedded-stores.js';
export { SqliteAccessStore } from './sqlite/sqlite-access-store.js';
export { SqliteScreeningStore } from './sqlite/sqlite-screening-store.js';
export { SqliteScreenJobStore } from './sqlite/sqlite-screen-job-store.js';
export { SqliteAuditLog, auditDigest, sha256Text } from './sqlite/sqlite-audit-log.js';
export { SqliteJobStore } from './sqlite/sqlite-job-store.js';
export { SqliteCaseStore } from './sqlite/sqlite-case-store.js';
export { SqliteNoticeStore } from './sqlite/sqlite-notice-store.js';
export { SqliteReviewStore } from './sqlite/sqlite-review-store.js';
export { SqliteEvidenceStore } from './sqlite/sqlite-evidence-store.js';
export { SqliteMonitorStore } from './sqlite/sqlite-monitor-store.js';
export { backupSqlite, restoreSqlite, type BackupSummary } from './sqlite/backup-restore.js';
export {
  openPostgresPool,
  inTransaction,
  type PostgresPool,
  type PostgresClient,
} from './postgres/postgres-pool.js';
export { runPostgresMigrations, toPostgres } from './postgres/postgres-migrations.js';
export { PostgresAuditLog } from './postgres/postgres-audit-log.js';
export { PostgresBankStore } from './postgres/postgres-bank-store.js';
export { PostgresAccessStore } from './postgres/postgres-access-store.js';
export { PostgresJobStore } from './postgres/postgres-job-store.js';
export { openPostgresStores, type PostgresStores } from './postgres/open-postgres-stores.js';
export {
  backupPostgres,
  restorePostgres,
  inspectPostgresBackup,
  type PostgresBackupSummary,
} from './postgres/postgres-backup.js';
export { isDatabaseUnavailable, isUnstorableText } from './postgres/postgres-errors.js';
