import pg from 'pg';

export type PostgresPool = pg.Pool;
export type PostgresClient = pg.PoolClient;

/** 64-bit integers (ids, sequence numbers) as JS numbers: exact up to 2^53, far beyond our tables. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A connection pool for `DATABASE_URL`. `schema` (tests; several deployments on one database)
 * puts every table in that schema. Advisory locks (the audit chain, the bank feed, migrations) are
 * keyed by the schema too, so deployments sharing one database never wait on each other.
 * `role` names the connections `<role>:<schema>` in pg_stat_activity, which is how a restore
 * knows a server still uses the schema.
 */
export function openPostgresPool(url: string, options: PoolOptions = {}): PostgresPool {
  const settings = [
    ...(options.schema ? [`-c search_path=${options.schema}`] : []),
    ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : []),
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    application_name: applicationName(options.role ?? 'haechi', options.schema),
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    ...(settings.length ? { options: settings.join(' ') } : {}),
  });
  // A connection the database closed (a restart, a failover) is an 'error' event: on the pool
  // when the connection was idle, on the client when it was checked out between two queries.
  // Unhandled, either would end the process; handled, the pool drops the connection, the query
  // in flight fails (503 to the caller) and the next one connects afresh.
  const onError = options.onIdleError ?? (() => undefined);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export interface PoolOptions {
  readonly schema?: string;
  readonly max?: number;
  readonly role?: string;
  /** Waiting longer for a connection (a new one, or a free one from the pool) is an error. */
  readonly connectTimeoutMs?: number;
  /** The server cancels a statement that runs longer (PostgreSQL's statement_timeout). */
  readonly statementTimeoutMs?: number;
  /** Told when a connection fails outside a query (the server logs it). */
  readonly onIdleError?: (error: Error) => void;
}

/** The application_name of a Haechi connection (PostgreSQL keeps 63 bytes of it). */
export const applicationName = (role: string, schema: string | undefined): string =>
  `${role}:${schema ?? 'public'}`.slice(0, 63);

/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: PostgresPool,
  work: (client: PostgresClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
