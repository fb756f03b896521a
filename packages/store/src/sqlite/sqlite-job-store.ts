import type { Job, JobStore, NewJob } from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { toJob } from '../rows/job-rows.js';

type Row = Record<string, unknown>;

/** {@link JobStore} on SQLite. Times are ISO 8601 UTC strings, which sort as they compare. */
export class SqliteJobStore implements JobStore {
  constructor(private readonly db: SqliteDatabase) {}

  async schedule(input: NewJob, at: string): Promise<Job | null> {
    return this.scheduleSync(input, at);
  }

  /** For other stores, inside their transaction (the outbox of a change that needs jobs). */
  scheduleSync(input: NewJob, at: string): Job | null {
    const row = this.db
      .prepare(
        `INSERT INTO jobs (kind, run_at, payload, status, dedupe_key, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      )
      .get(
        input.kind,
        input.runAt,
        JSON.stringify(input.payload),
        input.dedupeKey ?? null,
        at,
        at,
      ) as Row | undefined;
    return row ? toJob(row) : null;
  }

  async claimDue(now: string, leaseUntil: string): Promise<Job | null> {
    // One statement: SQLite runs one writer at a time, so no two processes claim the same job.
    const row = this.db
      .prepare(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ?, updated_at = ?
          WHERE id = (SELECT id FROM jobs
                       WHERE (status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?)
                       ORDER BY run_at, id LIMIT 1)
          RETURNING *`,
      )
      .get(leaseUntil, now, now, now) as Row | undefined;
    return row ? toJob(row) : null;
  }

  async complete(id: number, at: string): Promise<void> {
    this.db
      .prepare("UPDATE jobs SET status = 'done', locked_until = NULL, updated_at = ? WHERE id = ?")
      .run(at, id);
  }

  async fail(id: number, error: string, retryAt: string | null, at: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, run_at = COALESCE(?, run_at), last_error = ?, locked_until = NULL, updated_at = ?
          WHERE id = ?`,
      )
      .run(retryAt === null ? 'dead' : 'queued', retryAt, error.slice(0, 1000), at, id);
  }

  async cancelPending(dedupeKeyPrefix: string, at: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE jobs SET status = 'cancelled', updated_at = ?
          WHERE status = 'queued' AND substr(dedupe_key, 1, ?) = ?`,
      )
      .run(at, dedupeKeyPrefix.length, dedupeKeyPrefix).changes;
  }

  async list(options: { kind?: string; status?: Job['status']; limit: number }): Promise<Job[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR status = ?) ORDER BY run_at, id LIMIT ?`,
      )
      .all(
        options.kind ?? null,
        options.kind ?? null,
        options.status ?? null,
        options.status ?? null,
        options.limit,
      ) as Row[];
    return rows.map(toJob);
  }
}
