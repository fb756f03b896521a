import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { AppError, AuditChainVerifier, type AuditEntry } from '@haechi/core';
import { MIGRATIONS } from './migrations.js';
import { openSqlite } from './open-sqlite.js';
import { SqliteAuditLog, sha256Text } from './sqlite-audit-log.js';

export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly schemaVersion: number;
  readonly auditEntries: number;
  readonly auditHead: string | null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PAGE = 5000;

/** Checks a database file is a whole Haechi store whose audit chain verifies; describes it. */
async function inspect(file: string): Promise<Omit<BackupSummary, 'file'>> {
  const header = readFileSync(file).subarray(0, 16).toString('latin1');
  if (header !== SQLITE_MAGIC)
    throw new AppError('invalid_input', `${file} is not a SQLite database`);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true });
  } catch (error) {
    throw new AppError('invalid_input', `${file} cannot be opened: ${(error as Error).message}`);
  }
  try {
    const check = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
      .integrity_check;
    if (check !== 'ok') throw new AppError('invalid_input', `${file} is damaged: ${String(check)}`);
    const hasSchema = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!hasSchema) throw new AppError('invalid_input', `${file} is not a Haechi store`);
    const version =
      (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null })
        .v ?? 0;
    const newest = MIGRATIONS.at(-1)?.version ?? 0;
    if (version > newest)
      throw new AppError(
        'invalid_input',
        `${file} has schema ${version}, newer than this Haechi (${newest})`,
      );
    const audit = new SqliteAuditLog(db);
    const verifier = new AuditChainVerifier(sha256Text);
    let afterSeq = 0;
    for (;;) {
      const page: AuditEntry[] = await audit.list({ afterSeq, limit: PAGE });
      if (!page.every((entry) => verifier.push(entry)) || page.length < PAGE) break;
      afterSeq = (page.at(-1) as AuditEntry).seq;
    }
    const verdict = verifier.result();
    if (!verdict.ok)
      throw new AppError(
        'invalid_input',
        `${file}: the audit log is broken at entry #${verdict.seq}: ${verdict.reason}`,
      );
    return {
      bytes: statSync(file).size,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      schemaVersion: version,
      auditEntries: verdict.count,
      auditHead: verdict.count > 0 ? verdict.headHash : null,
    };
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of the data folder's database, taken while servers keep running (SQLite's
 * online backup), then checked like a restore would check it. Keys are not in it: the master key
 * and the evidence signing key are backed up apart, so a stolen backup reveals no personal data.
 */
export async function backupSqlite(dataDir: string, outFile: string): Promise<BackupSummary> {
  const source = join(dataDir, 'haechi.db');
  if (!existsSync(source)) throw new AppError('invalid_input', `no Haechi store in ${dataDir}`);
  if (existsSync(outFile))
    throw new AppError('invalid_input', `${outFile} exists: choose a new file`);
  const db = openSqlite(source);
  const partial = `${outFile}.partial`;
  try {
    // Created private first: the copy holds everything the store does.
    closeSync(openSync(partial, 'wx', 0o600));
    await backup(db, partial);
  } finally {
    db.close();
  }
  try {
    const summary = await inspect(partial);
    renameSync(partial, outFile);
    return { file: outFile, ...summary };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Replaces the data folder's database with a backup, after checking the backup (whole, a Haechi
 * store, audit chain intact) and that no server holds the current one. The current database is
 * kept beside it as `haechi.db.before-restore-<time>` rather than deleted.
 */
export async function restoreSqlite(dataDir: string, inFile: string): Promise<BackupSummary> {
  if (!existsSync(inFile)) throw new AppError('invalid_input', `no such file: ${inFile}`);
  const summary = await inspect(inFile);
  const target = join(dataDir, 'haechi.db');
  if (existsSync(target)) {
    const current = new DatabaseSync(target);
    try {
      current.exec('PRAGMA busy_timeout = 0');
      // An exclusive lock succeeds only if no other connection (a running server) is open.
      current.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
    } catch {
      current.close();
      throw new AppError('invalid_input', `a server is using ${target}: stop it before restoring`);
    }
    current.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    current.close();
    renameSync(
      target,
      `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
  await copyFile(inFile, `${target}.restoring`);
  renameSync(`${target}.restoring`, target);
  return { file: inFile, ...summary };
}
