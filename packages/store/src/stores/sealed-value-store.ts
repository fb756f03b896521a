import type { SealedField, SealedValue, SealedValueStore } from '@haechi/core';
import { pageSql, replaceSql } from '../rows/sealed-columns.js';
import { all, run, type SqlRunner } from '../sql/statements.js';

/** {@link SealedValueStore} on either backend: each page's replacements in one transaction. */
export class SqlSealedValueStore implements SealedValueStore {
  constructor(private readonly sql: SqlRunner) {}

  pageSealed(
    field: SealedField,
    afterId: string | number | null,
    limit: number,
  ): Promise<SealedValue[]> {
    const params = afterId === null ? [limit] : [afterId, limit];
    return this.sql.perform(() => all<SealedValue>(pageSql(field, afterId), ...params));
  }

  replaceSealed(
    field: SealedField,
    changes: ReadonlyArray<{ id: string | number; from: string; to: string }>,
  ): Promise<number> {
    return this.sql.perform(
      function* () {
        let replaced = 0;
        for (const c of changes) replaced += yield* run(replaceSql(field), c.to, c.id, c.from);
        return replaced;
      },
      { transaction: true },
    );
  }
}
