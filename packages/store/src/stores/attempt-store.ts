import type { AttemptStore } from '@haechi/core';
import { get, run, type SqlRunner } from '../sql/statements.js';

/** {@link AttemptStore} on either backend: one row per key, its window and its count. */
export class SqlAttemptStore implements AttemptStore {
  constructor(private readonly sql: SqlRunner) {}

  increment(key: string, windowStart: string): Promise<number> {
    return this.sql.perform(function* () {
      // One statement: concurrent increments from several processes each count.
      const row = yield* get(
        `INSERT INTO attempt_counts (key, window_start, count) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN attempt_counts.window_start = excluded.window_start
                        THEN attempt_counts.count + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING count`,
        key,
        windowStart,
      );
      return Number(row?.['count'] ?? 1);
    });
  }

  read(key: string, windowStart: string): Promise<number> {
    return this.sql.perform(function* () {
      const row = yield* get(
        'SELECT count FROM attempt_counts WHERE key = ? AND window_start = ?',
        key,
        windowStart,
      );
      return Number(row?.['count'] ?? 0);
    });
  }

  async clear(key: string): Promise<void> {
    await this.sql.perform(() => run('DELETE FROM attempt_counts WHERE key = ?', key));
  }
}
