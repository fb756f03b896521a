import { sqlStores, type Stores } from '../stores/all-stores.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { PostgresBankStore } from './postgres-bank-store.js';
import { runPostgresMigrations } from './postgres-migrations.js';
import { openPostgresPool, type PoolOptions, type PostgresPool } from './postgres-pool.js';
import { PostgresRunner } from './postgres-runner.js';

export interface PostgresStores extends Stores {
  readonly pool: PostgresPool;
  close(): Promise<void>;
}

/** Every store on one pool to `url` (tables in `schema` when given), migrated first. */
export async function openPostgresStores(
  url: string,
  options: PoolOptions = {},
): Promise<PostgresStores> {
  const pool = openPostgresPool(url, options);
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema))
      throw new Error(`not a schema name: ${JSON.stringify(options.schema)}`);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  }
  await runPostgresMigrations(pool);
  let closed = false;
  const close = async () => {
    if (!closed) await pool.end();
    closed = true;
  };
  return {
    ...sqlStores(new PostgresRunner(pool), {
      banks: new PostgresBankStore(pool, close),
      audit: new PostgresAuditLog(pool),
      close,
    }),
    pool,
    close,
  };
}
