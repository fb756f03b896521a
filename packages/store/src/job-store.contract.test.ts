import type { JobStore } from '@haechi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresRunner } from './postgres/postgres-runner.js';
import { openPostgresPool } from './postgres/postgres-pool.js';
import { SqliteRunner } from './sqlite/sqlite-runner.js';
import { SqlJobStore } from './stores/job-store.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import { BACKENDS, type Connection } from './test-backends.js';

const T = (minutes: number) => new Date(Date.UTC(2026, 11, 3, 9, minutes)).toISOString();

describe.each(BACKENDS)('the job store on $name', (backend) => {
  let connection: Connection;
  let jobs: JobStore;
  let dispose: () => Promise<void>;
  /** Another process's view of the same store: its own connection. */
  let other: () => { store: JobStore; close(): Promise<void> };
  beforeEach(async () => {
    ({ connection, dispose } = await backend.open());
    const c = connection;
    jobs =
      c.kind === 'sqlite'
        ? new SqlJobStore(new SqliteRunner(c.db))
        : new SqlJobStore(new PostgresRunner(c.pool));
    other = () => {
      if (c.kind === 'sqlite') {
        const db = openSqlite(c.db.location() ?? ':memory:');
        return {
          store: new SqlJobStore(new SqliteRunner(db)),
          close: async () => {
            db.close();
          },
        };
      }
      const url = process.env['DATABASE_URL'] as string;
      const schema = (c.pool.options as { options?: string }).options?.split('=')[1] as string;
      const pool = openPostgresPool(url, { schema });
      return { store: new SqlJobStore(new PostgresRunner(pool)), close: () => pool.end() };
    };
  });
  afterEach(() => dispose());

  it('schedules once per pending key, claims due jobs in order, retries and gives up', async () => {
    const a = await jobs.schedule(
      { kind: 'k', runAt: T(5), payload: { n: 1 }, dedupeKey: 'x:1' },
      T(0),
    );
    expect(
      await jobs.schedule({ kind: 'k', runAt: T(1), payload: {}, dedupeKey: 'x:1' }, T(0)),
    ).toBeNull();
    await jobs.schedule({ kind: 'k', runAt: T(2), payload: { n: 2 } }, T(0));
    expect(await jobs.claimDue(T(1), T(10))).toBeNull(); // nothing due yet
    const first = await jobs.claimDue(T(6), T(10));
    expect([first?.payload, first?.status, first?.attempts]).toEqual([{ n: 2 }, 'running', 1]);
    await jobs.complete(first!.id, T(7));
    const second = await jobs.claimDue(T(6), T(10));
    expect(second?.id).toBe(a?.id);
    await jobs.fail(second!.id, 'the receiver answered 503', T(20), T(6));
    expect(await jobs.claimDue(T(7), T(10))).toBeNull(); // its retry is later
    const retried = await jobs.claimDue(T(21), T(30));
    expect([retried?.id, retried?.attempts]).toEqual([a?.id, 2]);
    await jobs.fail(retried!.id, 'still 503', null, T(21));
    expect((await jobs.list({ kind: 'k', limit: 10 })).map((j) => [j.status, j.lastError])).toEqual(
      [
        ['done', null],
        ['dead', 'still 503'],
      ],
    );
    // Done, the key is free again.
    expect(
      await jobs.schedule({ kind: 'k', runAt: T(40), payload: {}, dedupeKey: 'x:1' }, T(30)),
    ).not.toBeNull();
    expect(await jobs.cancelPending('x:', T(31))).toBe(1);
  });

  it('hands each due job to one claimer, however many poll at once, and re-offers expired leases', async () => {
    for (let i = 0; i < 20; i++)
      await jobs.schedule({ kind: 'k', runAt: T(0), payload: { i } }, T(0));
    const others = [other(), other(), other()];
    try {
      const claimers = [jobs, ...others.map((o) => o.store)];
      const claimed: number[] = [];
      await Promise.all(
        claimers.map(async (store) => {
          for (;;) {
            const job = await store.claimDue(T(1), T(10));
            if (!job) return;
            claimed.push(job.payload['i'] as number);
          }
        }),
      );
      expect(claimed.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      // A claimer that died: at the end of its lease the job is due again, once.
      const again = await jobs.claimDue(T(11), T(20));
      expect(again?.attempts).toBe(2);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });
});
