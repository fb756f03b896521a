export { MIGRATIONS, runMigrations } from './sqlite/migrations.js';
export { openSqlite, type SqliteDatabase } from './sqlite/open-sqlite.js';
export { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
export { openEmbeddedStores, type EmbeddedStores } from './sqlite/open-embedded-stores.js';
export { SqliteAccessStore } from './sqlite/sqlite-access-store.js';
export { SqliteScreeningStore } from './sqlite/sqlite-screening-store.js';
export { SqliteScreenJobStore } from './sqlite/sqlite-screen-job-store.js';
export { SqliteAuditLog, auditDigest, sha256Text } from './sqlite/sqlite-audit-log.js';
export { SqliteJobStore } from './sqlite/sqlite-job-store.js';
