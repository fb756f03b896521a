import type { Job, JobStore, NewJob } from '@haechi/core';
import { toJob } from '../rows/job-rows.js';
import { all, get, run, type SqlRunner, type SqlWork } from '../sql/statements.js';

/**
 * Schedules a job as a step of another store's work, so a change and the jobs it needs commit
 * together (an outbox). Null when the dedupe key is already pending.
 */
export function* scheduleJob(input: NewJob, at: string): SqlWork<Job | null> {
  const row = yield* get(
    `INSERT INTO jobs (kind, run_at, payload, status, dedupe_key, created_at, updated_at)
     VALUES (?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
    input.kind,
    input.runAt,
    JSON.stringify(input.payload),
    input.dedupeKey ?? null,
    at,
    at,
  );
  return row ? toJob(row) : null;
}

/**
 * {@link JobStore} on either backend. Times are ISO 8601 UTC strings, which sort as they compare.
 * A claim is one statement: SQLite runs one writer at a time; on PostgreSQL the claim locks the row
 * it picks and skips rows other claimers hold, so each due job goes to one process.
 */
export class SqlJobStore implements JobStore {
  constructor(private readonly sql: SqlRunner) {}

  schedule(input: NewJob, at: string): Promise<Job | null> {
    return this.sql.perform(() => scheduleJob(input, at));
  }

  claimDue(now: string, leaseUntil: string): Promise<Job | null> {
    const skipLocked = this.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    return this.sql.perform(function* () {
      const row = yield* get(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ?, updated_at = ?
          WHERE id = (SELECT id FROM jobs
                       WHERE (status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?)
                       ORDER BY run_at, id LIMIT 1${skipLocked})
          RETURNING *`,
        leaseUntil,
        now,
        now,
        now,
      );
      return row ? toJob(row) : null;
    });
  }

  async complete(id: number, at: string): Promise<void> {
    await this.sql.perform(() =>
      run(
        "UPDATE jobs SET status = 'done', locked_until = NULL, updated_at = ? WHERE id = ?",
        at,
        id,
      ),
    );
  }

  async fail(id: number, error: string, retryAt: string | null, at: string): Promise<void> {
    await this.sql.perform(() =>
      run(
        `UPDATE jobs SET status = ?, run_at = COALESCE(?, run_at), last_error = ?, locked_until = NULL, updated_at = ?
          WHERE id = ?`,
        retryAt === null ? 'dead' : 'queued',
        retryAt,
        error.slice(0, 1000),
        at,
        id,
      ),
    );
  }

  cancelPending(dedupeKeyPrefix: string, at: string): Promise<number> {
    return this.sql.perform(() =>
      run(
        `UPDATE jobs SET status = 'cancelled', updated_at = ?
          WHERE status = 'queued' AND substr(dedupe_key, 1, ?) = ?`,
        at,
        dedupeKeyPrefix.length,
        dedupeKeyPrefix,
      ),
    );
  }

  list(options: { kind?: string; status?: Job['status']; limit: number }): Promise<Job[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM jobs WHERE (CAST(? AS TEXT) IS NULL OR kind = ?) AND (CAST(? AS TEXT) IS NULL OR status = ?)
          ORDER BY run_at, id LIMIT ?`,
        options.kind ?? null,
        options.kind ?? null,
        options.status ?? null,
        options.status ?? null,
        options.limit,
      );
      return rows.map(toJob);
    });
  }
}
