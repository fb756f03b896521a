export { MIGRATIONS, runMigrations } from './sqlite/migrations.js';
export { openSqlite, type SqliteDatabase } from './sqlite/open-sqlite.js';
export { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
export { openEmbeddedStores, type EmbeddedStores } from './sqlite/open-embedded-stores.js';
export { SqlAccessStore } from './stores/access-store.js';
export { SqlJobStore } from './stores/job-store.js';
export { SqliteRunner } from './sqlite/sqlite-runner.js';
export { PostgresRunner } from './postgres/postgres-runner.js';
export { SqliteAuditLog, auditDigest, sha256Text } from './sqlite/sqlite-audit-log.js';
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
export { openPostgresStores, type PostgresStores } from './postgres/open-postgres-stores.js';
export {
  backupPostgres,
  restorePostgres,
  inspectPostgresBackup,
  type PostgresBackupSummary,
} from './postgres/postgres-backup.js';
export { isDatabaseUnavailable, isUnstorableText } from './postgres/postgres-errors.js';
