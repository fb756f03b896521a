import { resolve } from 'node:path';
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
          if (db) {
            const summary = await backupPostgres(db.url, db.schema, resolve(file));
            process.stdout.write(
              `backed up PostgreSQL schema "${summary.schema}" to ${summary.file}: ${describe(summary)}\n`,
            );
            return;
          }
          const summary = await backupSqlite(resolveDataDir(options.data), resolve(file));
          process.stdout.write(`backed up to ${summary.file}: ${describe(summary)}\n`);
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
          if (db) {
            const summary = await restorePostgres(db.url, db.schema, resolve(file));
            process.stdout.write(
              `restored PostgreSQL schema "${summary.schema}" from ${summary.file}: ${describe(summary)}${summary.keptAs ? `; the schema it replaced is kept as "${summary.keptAs}"` : ''}\n`,
            );
            return;
          }
          const summary = await restoreSqlite(resolveDataDir(options.data), resolve(file));
          process.stdout.write(`restored from ${summary.file}: ${describe(summary)}\n`);
        },
        'restore',
      ),
    );
}
