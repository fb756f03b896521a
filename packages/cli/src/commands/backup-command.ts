import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { anchorAfterWrite, anchorsFile } from '../audit/anchors.js';
import type { Command } from 'commander';
import {
  backupPostgres,
  backupSqlite,
  restorePostgres,
  restoreSqlite,
  type BackupSummary,
} from '@haechi/store';
import { resolveDataDir } from '../bank/open-bank-store.js';
import { runBankAction } from '../bank/report-failure.js';

const describe = (s: BackupSummary): string =>
  `${s.bytes} bytes, sha256 ${s.sha256}, schema ${s.schemaVersion}, ${s.auditEntries} audit entries${s.auditHead ? `, head ${s.auditHead}` : ''}`;

/** PostgreSQL when DATABASE_URL is set (as for the server), in HAECHI_DATABASE_SCHEMA if set. */
const database = (): { url: string; schema: string | undefined } | null => {
  const url = process.env['DATABASE_URL'];
  return url ? { url, schema: process.env['HAECHI_DATABASE_SCHEMA'] || undefined } : null;
};

/**
 * `haechi backup` and `haechi restore`: the store to one checked file, and back. The embedded
 * store is copied with SQLite's online backup; PostgreSQL with pg_dump/pg_restore (custom format).
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'copy the store consistently while servers run, and check the copy (keys are backed up apart)',
    )
    .argument('<file>', 'the backup file to create (must not exist)')
    .option('--data <dir>', 'data folder (default $HAECHI_DATA, else ./haechi-data)')
    .action(async (file: string, options: { data?: string }) =>
      runBankAction(
        'backup',
        async () => {
          const db = database();
          const dataDir = resolveDataDir(options.data);
          // Read before the snapshot: every anchor then covers an entry the snapshot holds.
          const anchors = existsSync(anchorsFile(dataDir))
            ? await readFile(anchorsFile(dataDir))
            : null;
          if (db) {
            const summary = await backupPostgres(db.url, db.schema, resolve(file));
            process.stdout.write(
              `backed up PostgreSQL schema "${summary.schema}" to ${summary.file}: ${describe(summary)}${await keepAnchors(anchors, summary.file)}\n`,
            );
            return;
          }
          const summary = await backupSqlite(dataDir, resolve(file));
          process.stdout.write(
            `backed up to ${summary.file}: ${describe(summary)}${await keepAnchors(anchors, summary.file)}\n`,
          );
        },
        'backup',
      ),
    );
  program
    .command('restore')
    .description(
      'replace the store with a checked backup (servers stopped; the current store is kept aside)',
    )
    .argument('<file>', 'a file made by `haechi backup`')
    .option('--data <dir>', 'data folder (default $HAECHI_DATA, else ./haechi-data)')
    .action(async (file: string, options: { data?: string }) =>
      runBankAction(
        'restore',
        async () => {
          const db = database();
          const dataDir = resolveDataDir(options.data);
          if (db) {
            const summary = await restorePostgres(db.url, db.schema, resolve(file));
            process.stdout.write(
              `restored PostgreSQL schema "${summary.schema}" from ${summary.file}: ${describe(summary)}${summary.keptAs ? `; the schema it replaced is kept as "${summary.keptAs}"` : ''}${await restoreAnchors(dataDir, summary.file)}\n`,
            );
            return;
          }
          const summary = await restoreSqlite(dataDir, resolve(file));
          process.stdout.write(
            `restored from ${summary.file}: ${describe(summary)}${await restoreAnchors(dataDir, summary.file)}\n`,
          );
        },
        'restore',
      ),
    );
}

/** The anchors travel with the backup, beside it, so the snapshot verifies where it lands. */
async function keepAnchors(anchors: Buffer | null, backup: string): Promise<string> {
  if (!anchors) return '';
  await writeFile(`${backup}.anchors.jsonl`, anchors, { mode: 0o600, flag: 'wx' });
  return `; anchors in ${backup}.anchors.jsonl`;
}

/**
 * The restored log is older than the anchors written since the backup: those are kept aside, the
 * backup's own anchors take their place, and the restored head is anchored.
 */
async function restoreAnchors(dataDir: string, backup: string): Promise<string> {
  const anchors = anchorsFile(dataDir);
  const keptAs = `${anchors}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const kept = existsSync(anchors);
  if (kept) await rename(anchors, keptAs);
  if (existsSync(`${backup}.anchors.jsonl`)) await copyFile(`${backup}.anchors.jsonl`, anchors);
  await anchorAfterWrite(dataDir);
  return kept ? `; the anchors it replaced are kept as ${keptAs}` : '';
}
