import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { BankStore } from '@haechi/core';
import {
  SqliteBankStore,
  openEmbeddedStores,
  openPostgresStores,
  openSqlite,
  type PostgresStores,
} from '@haechi/store';

/** The data folder: `--data`, else `HAECHI_DATA`, else ./haechi-data (as the server will use). */
export function resolveDataDir(option: string | undefined): string {
  return resolve(option ?? process.env['HAECHI_DATA'] ?? 'haechi-data');
}

/** PostgreSQL when DATABASE_URL is set, as for the server; else the embedded store. */
const database = (): { url: string; schema?: string } | null => {
  const url = process.env['DATABASE_URL'];
  if (!url) return null;
  const schema = process.env['HAECHI_DATABASE_SCHEMA'];
  return { url, ...(schema ? { schema } : {}) };
};

/** The bank store the server uses: PostgreSQL with DATABASE_URL, else the data folder's. */
export async function openBankStore(dataDir: string): Promise<BankStore> {
  const db = database();
  if (db) return (await openPostgresStores(db.url, db)).banks;
  return new SqliteBankStore(openSqlite(join(dataDir, 'haechi.db')));
}

/** Every store, chosen as the server chooses (created, and migrated, on first use). */
export async function openStores(dataDir: string): Promise<Omit<PostgresStores, 'pool'>> {
  const db = database();
  return db ? openPostgresStores(db.url, db) : openEmbeddedStores(dataDir);
}

/** Who the audit trail names for a change made from this command line. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
