import type { ScreenJob, ScreenJobStore } from '@haechi/core';

import { Db } from './dollar-params.js';
import type { PostgresPool } from './postgres-pool.js';
import { toJob } from '../rows/screen-job-rows.js';

type Row = Record<string, unknown>;

/** {@link ScreenJobStore} on PostgreSQL. */
export class PostgresScreenJobStore implements ScreenJobStore {
  constructor(private readonly pool: PostgresPool) {}

  async enqueue(
    job: Pick<ScreenJob, 'id' | 'orgId' | 'callbackUrl' | 'contentId' | 'url' | 'createdAt'>,
  ): Promise<void> {
    const db = new Db(this.pool, null as never);
    await db
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
    const db = new Db(this.pool, null as never);
    // SKIP LOCKED: concurrent claimers each take a different queued row. Without it, a claimer
    // that waited on another's lock would re-check only `id = …` and claim the same job again.
    const row = (await db
      .prepare(
        `UPDATE screen_jobs SET status = 'running', updated_at = ?
          WHERE id = (SELECT id FROM screen_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1
                      FOR UPDATE SKIP LOCKED)
            AND status = 'queued'
          RETURNING *`,
      )
      .get(at)) as Row | undefined;
    return row ? toJob(row) : null;
  }

  async finish(
    id: string,
    outcome: { result: Record<string, unknown> } | { error: { code: string; message: string } },
    at: string,
  ): Promise<void> {
    const db = new Db(this.pool, null as never);
    const done = 'result' in outcome;
    await db
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
    const db = new Db(this.pool, null as never);
    await db
      .prepare(
        'UPDATE screen_jobs SET callback_status = ?, callback_attempts = callback_attempts + 1, updated_at = ? WHERE id = ?',
      )
      .run(status, at, id);
  }

  async getJob(id: string): Promise<ScreenJob | null> {
    const db = new Db(this.pool, null as never);
    const row = (await db.prepare('SELECT * FROM screen_jobs WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toJob(row) : null;
  }

  async requeueRunning(at: string): Promise<number> {
    const db = new Db(this.pool, null as never);
    return (
      await db
        .prepare(
          "UPDATE screen_jobs SET status = 'queued', updated_at = ? WHERE status = 'running'",
        )
        .run(at)
    ).changes;
  }
}
