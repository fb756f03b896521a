import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupSqlite, restoreSqlite, type BackupSummary } from '@haechi/store';
import { resolveDataDir } from '../bank/open-bank-store.js';
import { runBankAction } from '../bank/report-failure.js';
import { AppError } from '@haechi/core';

/** On PostgreSQL the database's own tools back up and restore, consistently and online. */
function refuseOnPostgres(): void {
  if (process.env['DATABASE_URL'])
    throw new AppError(
      'invalid_input',
      'DATABASE_URL is set: back up PostgreSQL with pg_dump --format=custom, restore with pg_restore (README, "Production")',
    );
}

const describe = (s: BackupSummary): string =>
  `${s.bytes} bytes, sha256 ${s.sha256}, schema ${s.schemaVersion}, ${s.auditEntries} audit entries${s.auditHead ? `, head ${s.auditHead}` : ''}`;

/** `haechi backup` and `haechi restore`: the embedded store to one checked file, and back. */
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
          refuseOnPostgres();
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
          refuseOnPostgres();
          const summary = await restoreSqlite(resolveDataDir(options.data), resolve(file));
          process.stdout.write(`restored from ${summary.file}: ${describe(summary)}\n`);
        },
        'restore',
      ),
    );
}
