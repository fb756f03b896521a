import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runMigrations } from './migrations.js';

export type SqliteDatabase = DatabaseSync;

/**
 * Opens (creating if needed) the embedded database and brings its schema up to date. WAL lets
 * several processes read while one writes, so every screening process can follow the banks' change
 * feed from the same file; a writer waits up to `busyTimeoutMs` for another to finish.
 */
export function openSqlite(path: string, options: { busyTimeoutMs?: number } = {}): SqliteDatabase {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Private to its owner: SQLite gives the WAL and shared-memory files the database's mode.
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  }
  const db = new DatabaseSync(path);
  if (path !== ':memory:')
    // Stores made before were 0644 (the umask's): made private on their next open.
    for (const file of [path, `${path}-wal`, `${path}-shm`])
      if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  // busy_timeout first: another process may hold the lock that switching to WAL needs.
  db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed change survives a power cut, not only a crash of the process.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  runMigrations(db);
  return db;
}
