export { MIGRATIONS, runMigrations } from './sqlite/migrations.js';
export { openSqlite, type SqliteDatabase } from './sqlite/open-sqlite.js';
export { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
