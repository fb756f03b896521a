import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteBankStore, openSqlite } from '@haechi/store';

/** The data folder: `--data`, else `HAECHI_DATA`, else ./haechi-data (as the server will use). */
export function resolveDataDir(option: string | undefined): string {
  return resolve(option ?? process.env['HAECHI_DATA'] ?? 'haechi-data');
}

/** The embedded store in the data folder (created, and migrated, on first use). */
export function openBankStore(dataDir: string): SqliteBankStore {
  return new SqliteBankStore(openSqlite(join(dataDir, 'haechi.db')));
}

/** Who the audit trail names for a change made from this command line. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
