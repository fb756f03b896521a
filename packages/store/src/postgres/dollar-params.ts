import type { AuditEntry, AuditRecord } from '@haechi/core';
import type { PostgresAuditLog } from './postgres-audit-log.js';
import type { PostgresClient, PostgresPool } from './postgres-pool.js';

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2, …` (our statements have no `?` in literals). */
export function dollarParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * better-sqlite3's statement shape (`prepare(sql).get/all/run`), asynchronous, on a pool or on one
 * transaction's client: the PostgreSQL stores keep the SQLite stores' statements as they are.
 */
export class Db {
  constructor(
    private readonly on: PostgresPool | PostgresClient,
    private readonly log: PostgresAuditLog,
  ) {}

  prepare(sql: string) {
    const text = dollarParams(sql);
    const run = (params: unknown[]) => this.on.query(text, params);
    return {
      get: async (...params: unknown[]): Promise<unknown> => (await run(params)).rows[0],
      all: async (...params: unknown[]): Promise<unknown[]> => (await run(params)).rows,
      run: async (...params: unknown[]): Promise<{ changes: number }> => ({
        changes: (await run(params)).rowCount ?? 0,
      }),
    };
  }

  /** Appends to the audit chain in this transaction (only on a transaction's client). */
  audit(record: AuditRecord): Promise<AuditEntry> {
    if (!('release' in this.on)) throw new Error('an audit entry is written inside a transaction');
    return this.log.appendIn(this.on as PostgresClient, record);
  }
}
