import type { ScreenJob, ScreenJobStore } from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { toJob } from '../rows/screen-job-rows.js';

type Row = Record<string, unknown>;

/** {@link ScreenJobStore} on the embedded SQLite database. */
export class SqliteScreenJobStore implements ScreenJobStore {
  constructor(private readonly db: SqliteDatabase) {}

  async enqueue(
    job: Pick<ScreenJob, 'id' | 'orgId' | 'callbackUrl' | 'contentId' | 'url' | 'createdAt'>,
  ): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO screen_jobs (id, org_id, status, callback_url, content_id, url, created_at, updated_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(
        job.id,
        job.orgId,
        job.callbackUrl,
        job.contentId,
        job.url,
        job.createdAt,
        job.createdAt,
      );
  }

  async claimNext(at: string): Promise<ScreenJob | null> {
    // One statement: SQLite serialises writers, so two processes never claim the same job.
    const row = this.db
      .prepare(
        `UPDATE screen_jobs SET status = 'running', updated_at = ?
          WHERE id = (SELECT id FROM screen_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1)
          RETURNING *`,
      )
      .get(at) as Row | undefined;
    return row ? toJob(row) : null;
  }

  async finish(
    id: string,
    outcome: { result: Record<string, unknown> } | { error: { code: string; message: string } },
    at: string,
  ): Promise<void> {
    const done = 'result' in outcome;
    this.db
      .prepare(
        'UPDATE screen_jobs SET status = ?, result = ?, error = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        done ? 'done' : 'failed',
        done ? JSON.stringify(outcome.result) : null,
        done ? null : JSON.stringify(outcome.error),
        at,
        id,
      );
  }

  async recordCallback(id: string, status: ScreenJob['callbackStatus'], at: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE screen_jobs SET callback_status = ?, callback_attempts = callback_attempts + 1, updated_at = ? WHERE id = ?',
      )
      .run(status, at, id);
  }

  async getJob(id: string): Promise<ScreenJob | null> {
    const row = this.db.prepare('SELECT * FROM screen_jobs WHERE id = ?').get(id) as
      Row | undefined;
    return row ? toJob(row) : null;
  }

  async requeueRunning(at: string): Promise<number> {
    return this.db
      .prepare("UPDATE screen_jobs SET status = 'queued', updated_at = ? WHERE status = 'running'")
      .run(at).changes;
  }
}
