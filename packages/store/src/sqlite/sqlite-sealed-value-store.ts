import type { SealedField, SealedValue, SealedValueStore } from '@haechi/core';
import { pageSql, replaceSql } from '../rows/sealed-columns.js';
import type { SqliteDatabase } from './open-sqlite.js';

/** {@link SealedValueStore} on SQLite: each page's replacements in one transaction. */
export class SqliteSealedValueStore implements SealedValueStore {
  constructor(private readonly db: SqliteDatabase) {}

  async pageSealed(
    field: SealedField,
    afterId: string | number | null,
    limit: number,
  ): Promise<SealedValue[]> {
    const params = afterId === null ? [limit] : [afterId, limit];
    return this.db.prepare(pageSql(field, afterId)).all(...params) as SealedValue[];
  }

  async replaceSealed(
    field: SealedField,
    changes: ReadonlyArray<{ id: string | number; from: string; to: string }>,
  ): Promise<number> {
    const statement = this.db.prepare(replaceSql(field));
    return this.db
      .transaction(() => changes.reduce((n, c) => n + statement.run(c.to, c.id, c.from).changes, 0))
      .immediate();
  }
}
