import type { SealedField, SealedValue, SealedValueStore } from '@haechi/core';
import { pageSql, replaceSql } from '../rows/sealed-columns.js';
import { dollarParams } from './dollar-params.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';

/** {@link SealedValueStore} on PostgreSQL: each page's replacements in one transaction. */
export class PostgresSealedValueStore implements SealedValueStore {
  constructor(private readonly pool: PostgresPool) {}

  async pageSealed(
    field: SealedField,
    afterId: string | number | null,
    limit: number,
  ): Promise<SealedValue[]> {
    const params = afterId === null ? [limit] : [afterId, limit];
    const { rows } = await this.pool.query<SealedValue>(
      dollarParams(pageSql(field, afterId)),
      params,
    );
    return rows;
  }

  async replaceSealed(
    field: SealedField,
    changes: ReadonlyArray<{ id: string | number; from: string; to: string }>,
  ): Promise<number> {
    const sql = dollarParams(replaceSql(field));
    return inTransaction(this.pool, async (client) => {
      let replaced = 0;
      for (const c of changes)
        replaced += (await client.query(sql, [c.to, c.id, c.from])).rowCount ?? 0;
      return replaced;
    });
  }
}
