// Test support (not exported): the backends every store contract test runs on.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteDatabase } from './sqlite/open-sqlite.js';
import { runPostgresMigrations } from './postgres/postgres-migrations.js';
import { openPostgresPool, type PostgresPool } from './postgres/postgres-pool.js';

export type Connection =
  | { readonly kind: 'sqlite'; readonly db: SqliteDatabase }
  | { readonly kind: 'postgres'; readonly pool: PostgresPool };

export interface Backend {
  readonly name: string;
  /** A fresh, migrated, empty store; `dispose` removes it. */
  open(): Promise<{ connection: Connection; dispose(): Promise<void> }>;
}

const DATABASE_URL = process.env['DATABASE_URL'];

/** SQLite always; PostgreSQL too when DATABASE_URL is set (CI sets it), in a schema of its own. */
export const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'haechi-store-'));
      const db = openSqlite(join(dir, 'haechi.db'));
      return {
        connection: { kind: 'sqlite', db },
        dispose: async () => {
          if (db.isOpen) db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const schema = `haechi_test_${randomBytes(6).toString('hex')}`;
            const admin = openPostgresPool(DATABASE_URL);
            await admin.query(`CREATE SCHEMA ${schema}`);
            const pool = openPostgresPool(DATABASE_URL, { schema });
            await runPostgresMigrations(pool);
            let ended = false;
            return {
              connection: { kind: 'postgres' as const, pool },
              dispose: async () => {
                if (!ended) await pool.end().catch(() => undefined);
                ended = true;
                await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                await admin.end();
              },
            };
          },
        },
      ]
    : []),
];
