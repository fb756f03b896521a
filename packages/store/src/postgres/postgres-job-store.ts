import type { Job, JobStore, NewJob } from '@haechi/core';
import type { PostgresClient, PostgresPool } from './postgres-pool.js';
import { toJob } from '../rows/job-rows.js';

type Row = Record<string, unknown>;

const SCHEDULE = `INSERT INTO jobs (kind, run_at, payload, status, dedupe_key, created_at, updated_at)
  VALUES ($1, $2, $3, 'queued', $4, $5, $5) ON CONFLICT DO NOTHING RETURNING *`;

/**
 * {@link JobStore} on PostgreSQL. A claim locks the row it picks and skips rows other claimers hold
 * (`FOR UPDATE SKIP LOCKED`), so however many processes poll, each due job goes to one of them.
 */
export class PostgresJobStore implements JobStore {
  constructor(private readonly pool: PostgresPool) {}

  async schedule(input: NewJob, at: string): Promise<Job | null> {
    return this.scheduleIn(this.pool, input, at);
  }

  /** For other stores, inside their transaction. */
  async scheduleIn(
    on: PostgresPool | PostgresClient,
    input: NewJob,
    at: string,
  ): Promise<Job | null> {
    const { rows } = await on.query<Row>(SCHEDULE, [
      input.kind,
      input.runAt,
      JSON.stringify(input.payload),
      input.dedupeKey ?? null,
      at,
    ]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async claimDue(now: string, leaseUntil: string): Promise<Job | null> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, updated_at = $2
        WHERE id = (SELECT id FROM jobs
                     WHERE (status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)
                     ORDER BY run_at, id LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [leaseUntil, now],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  async complete(id: number, at: string): Promise<void> {
    await this.pool.query(
      "UPDATE jobs SET status = 'done', locked_until = NULL, updated_at = $1 WHERE id = $2",
      [at, id],
    );
  }

  async fail(id: number, error: string, retryAt: string | null, at: string): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), last_error = $3, locked_until = NULL, updated_at = $4
        WHERE id = $5`,
      [retryAt === null ? 'dead' : 'queued', retryAt, error.slice(0, 1000), at, id],
    );
  }

  async cancelPending(dedupeKeyPrefix: string, at: string): Promise<number> {
    const result = await this.pool.query(
      `UPDATE jobs SET status = 'cancelled', updated_at = $1
        WHERE status = 'queued' AND left(dedupe_key, $2) = $3`,
      [at, dedupeKeyPrefix.length, dedupeKeyPrefix],
    );
    return result.rowCount ?? 0;
  }

  async list(options: { kind?: string; status?: Job['status']; limit: number }): Promise<Job[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM jobs WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY run_at, id LIMIT $3`,
      [options.kind ?? null, options.status ?? null, options.limit],
    );
    return rows.map(toJob);
  }
}
