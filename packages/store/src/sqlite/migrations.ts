import type Database from 'better-sqlite3';

/**
 * Schema changes, in order. Persisted data: never edit a migration that has shipped; add one.
 * Each runs once per database, inside the same transaction as its bookkeeping row.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'banks',
    sql: `
      CREATE TABLE banks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE bank_entries (
        id INTEGER PRIMARY KEY,
        bank_id INTEGER NOT NULL REFERENCES banks(id),
        signal_type TEXT NOT NULL,
        signal TEXT NOT NULL,
        labels TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL,
        case_id TEXT,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        withdrawn_at TEXT
      );
      CREATE UNIQUE INDEX bank_entries_one_active
        ON bank_entries (bank_id, signal_type, signal) WHERE withdrawn_at IS NULL;
      CREATE INDEX bank_entries_by_bank ON bank_entries (bank_id, id);
      CREATE TABLE bank_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER NOT NULL REFERENCES bank_entries(id),
        bank_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('add', 'withdraw')),
        at TEXT NOT NULL
      );
      CREATE INDEX bank_changes_by_bank ON bank_changes (bank_id, seq);
    `,
  },
  {
    version: 2,
    name: 'bank mirror cursors',
    sql: `
      CREATE TABLE bank_mirror_cursors (
        bank_id INTEGER NOT NULL REFERENCES banks(id),
        source TEXT NOT NULL,
        cursor INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (bank_id, source)
      );
    `,
  },
];

/**
 * Applies the migrations this database lacks. BEGIN IMMEDIATE takes the write lock first, so when
 * several processes start together one migrates and the others then find nothing to do.
 */
export function runMigrations(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const migrate = db.transaction(() => {
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => (row as { version: number }).version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  });
  migrate.immediate();
}
