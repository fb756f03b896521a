import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The data folder: `--data`, else `HAECHI_DATA`, else ./haechi-data (as the server will use). */
export function resolveDataDir(option: string | undefined): string {
  return resolve(option ?? process.env['HAECHI_DATA'] ?? 'haechi-data');
}

/** The embedded store's file in a data folder. */
export const storeFile = (dataDir: string): string => join(dataDir, 'haechi.db');

/**
 * Why a command that expects an existing store must not open this folder, or null when it may.
 * Opening creates an empty store, so a command run from the wrong folder would otherwise report
 * "no organisation" about a store nobody meant to make.
 */
export function missingStore(dataDir: string): string | null {
  if (process.env['DATABASE_URL'] || existsSync(storeFile(dataDir))) return null;
  return (
    `no Haechi store in ${dataDir} (it has no haechi.db). Point to the server's data folder with ` +
    `--data <dir> or HAECHI_DATA=<dir>; \`haechi admin create-org\`, \`haechi bank create\` and ` +
    `the server itself start a new store there`
  );
}
