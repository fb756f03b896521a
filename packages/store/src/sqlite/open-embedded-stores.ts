import { join } from 'node:path';
import { sqlStores, type Stores } from '../stores/all-stores.js';
import { openSqlite, type SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite-bank-store.js';
import { SqliteRunner } from './sqlite-runner.js';

export interface EmbeddedStores extends Stores {
  readonly db: SqliteDatabase;
  /** Closes the shared connection (once, whichever store asks). */
  close(): Promise<void>;
}

/** Every store on one connection to `<dataDir>/haechi.db`. */
export function openEmbeddedStores(dataDir: string): EmbeddedStores {
  const db = openSqlite(join(dataDir, 'haechi.db'));
  const closeOnce = (): void => {
    if (db.isOpen) db.close();
  };
  return {
    ...sqlStores(new SqliteRunner(db), {
      banks: new SqliteBankStore(db, closeOnce),
      audit: new SqliteAuditLog(db),
      close: closeOnce,
    }),
    db,
    close: async () => closeOnce(),
  };
}
