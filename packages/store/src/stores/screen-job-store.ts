import type { ScreenJob, ScreenJobStore } from '@haechi/core';
import { toJob } from '../rows/screen-job-rows.js';
import { get, run, type SqlRunner } from '../sql/statements.js';

/** {@link ScreenJobStore} on either backend: a durable queue claimed one job at a time. */
export class SqlScreenJobStore implements ScreenJobStore {
  constructor(private readonly sql: SqlRunner) {}

  async enqueue(
    job: Pick<ScreenJob, 'id' | 'orgId' | 'callbackUrl' | 'contentId' | 'url' | 'createdAt'>,
  ): Promise<void> {
    await this.sql.perform(() =>
      run(
        `INSERT INTO screen_jobs (id, org_id, status, callback_url, content_id, url, created_at, updated_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
        job.id,
        job.orgId,
        job.callbackUrl,
        job.contentId,
        job.url,
        job.createdAt,
        job.createdAt,
      ),
    );
  }

  claimNext(at: string): Promise<ScreenJob | null> {
    // One statement. SQLite serialises writers; on PostgreSQL, SKIP LOCKED gives concurrent
    // claimers different rows, and the status re-check stops one that waited on another's lock
    // from taking the same job again.
    const skipLocked = this.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    return this.sql.perform(function* () {
      const row = yield* get(
        `UPDATE screen_jobs SET status = 'running', updated_at = ?
          WHERE id = (SELECT id FROM screen_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1${skipLocked})
            AND status = 'queued'
          RETURNING *`,
        at,
      );
      return row ? toJob(row) : null;
    });
  }

  async finish(
    id: string,
    outcome: { result: Record<string, unknown> } | { error: { code: string; message: string } },
    at: string,
  ): Promise<void> {
    const done = 'result' in outcome;
    await this.sql.perform(() =>
      run(
        'UPDATE screen_jobs SET status = ?, result = ?, error = ?, updated_at = ? WHERE id = ?',
        done ? 'done' : 'failed',
        done ? JSON.stringify(outcome.result) : null,
        done ? null : JSON.stringify(outcome.error),
        at,
        id,
      ),
    );
  }

  async recordCallback(id: string, status: ScreenJob['callbackStatus'], at: string): Promise<void> {
    await this.sql.perform(() =>
      run(
        'UPDATE screen_jobs SET callback_status = ?, callback_attempts = callback_attempts + 1, updated_at = ? WHERE id = ?',
        status,
        at,
        id,
      ),
    );
  }

  getJob(id: string): Promise<ScreenJob | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM screen_jobs WHERE id = ?', id);
      return row ? toJob(row) : null;
    });
  }

  requeueRunning(at: string): Promise<number> {
    return this.sql.perform(() =>
      run("UPDATE screen_jobs SET status = 'queued', updated_at = ? WHERE status = 'running'", at),
    );
  }
}
