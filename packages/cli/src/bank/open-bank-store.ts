import { userInfo } from 'node:os';
import { AppError, type BankStore } from '@haechi/core';
import {
  SqliteBankStore,
  openEmbeddedStores,
  openPostgresStores,
  openSqlite,
  type PostgresStores,
} from '@haechi/store';

import { missingStore, storeFile } from './data-dir.js';

export { resolveDataDir } from './data-dir.js';

/** Whether opening may start a new embedded store (only the commands that create something). */
export interface OpenOptions {
  readonly create: boolean;
}

function refuseMissing(dataDir: string, options: OpenOptions): void {
  const missing = options.create ? null : missingStore(dataDir);
  if (missing) throw new AppError('not_found', missing);
}

/** PostgreSQL when DATABASE_URL is set, as for the server; else the embedded store. */
const database = (): { url: string; schema?: string } | null => {
  const url = process.env['DATABASE_URL'];
  if (!url) return null;
  const schema = process.env['HAECHI_DATABASE_SCHEMA'];
  return { url, ...(schema ? { schema } : {}) };
};

/** The bank store the server uses: PostgreSQL with DATABASE_URL, else the data folder's. */
export async function openBankStore(dataDir: string, options: OpenOptions): Promise<BankStore> {
  const db = database();
  if (db) return (await openPostgresStores(db.url, db)).banks;
  refuseMissing(dataDir, options);
  return new SqliteBankStore(openSqlite(storeFile(dataDir)));
}

/** Every store, chosen as the server chooses (migrated on opening). */
export async function openStores(
  dataDir: string,
  options: OpenOptions,
): Promise<Omit<PostgresStores, 'pool'>> {
  const db = database();
  if (db) return openPostgresStores(db.url, db);
  refuseMissing(dataDir, options);
  return openEmbeddedStores(dataDir);
}

/** Who the audit trail names for a change made from this command line. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
