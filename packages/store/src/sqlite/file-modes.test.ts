import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite } from './backup-restore.js';
import { openSqlite } from './open-sqlite.js';

const mode = (file: string) => statSync(file).mode & 0o777;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-modes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded store on disk', () => {
  it('is private to its owner: the database, its WAL and shared memory, its folder and its backups', async () => {
    const data = join(dir, 'data');
    const db = openSqlite(join(data, 'haechi.db'));
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(mode(data)).toBe(0o700);
    for (const file of ['haechi.db', 'haechi.db-wal', 'haechi.db-shm'])
      expect([file, mode(join(data, file))]).toEqual([file, 0o600]);
    db.close();
    const backup = join(dir, 'backup.db');
    await backupSqlite(data, backup);
    expect(mode(backup)).toBe(0o600);
  });

  it('makes a store written by an older version (0644) private when it opens it', () => {
    const file = join(dir, 'haechi.db');
    openSqlite(file).close();
    chmodSync(file, 0o644);
    if (existsSync(`${file}-wal`)) chmodSync(`${file}-wal`, 0o644);
    writeFileSync(join(dir, 'unrelated.txt'), 'x', { mode: 0o644 });
    openSqlite(file).close();
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'unrelated.txt'))).toBe(0o644);
  });
});
