import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@haechi/testkit/simulated-clock';
import { createLogger } from '../../logging/logger.js';
import { z } from 'zod';
import { JOB_PAYLOADS, newJob, readJob, type JobHandlers } from './job-kinds.js';
import { JobRunner } from './job-runner.js';

const START = '2026-11-25T09:00:00.000Z';
let dir: string;
let a: EmbeddedStores;
let b: EmbeddedStores;
let clock: SimulatedClock;
const logger = createLogger('silent');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-jobs-'));
  // Two connections to one database, as two processes would have.
  a = openEmbeddedStores(dir);
  b = openEmbeddedStores(dir);
  clock = new SimulatedClock(START);
});
afterEach(async () => {
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

// The kinds these tests schedule, each with its payload's schema.
const KINDS = {
  note: z.object({ name: z.string() }),
  flaky: z.object({}),
  count: z.object({ i: z.number().int() }),
};
const idle = async () => {};
const runner = (
  stores: EmbeddedStores,
  handlers: Partial<JobHandlers<typeof KINDS>>,
  leaseMs?: number,
) =>
  new JobRunner({
    jobs: stores.jobs,
    kinds: KINDS,
    handlers: { note: idle, flaky: idle, count: idle, ...handlers },
    now: clock.now,
    logger,
    retryDelaysMs: [60_000, 120_000],
    ...(leaseMs ? { leaseMs } : {}),
  });
const at = (hours: number) => new Date(new Date(START).getTime() + hours * 3_600_000).toISOString();

describe('JobRunner on a simulated clock', () => {
  it('runs each job when its time comes, in time order, and only then', async () => {
    const ran: string[] = [];
    const handlers = {
      note: async (job: { payload: { name: string } }) => void ran.push(job.payload.name),
    };
    await a.jobs.schedule({ kind: 'note', runAt: at(24), payload: { name: 'deadline' } }, START);
    await a.jobs.schedule({ kind: 'note', runAt: at(12), payload: { name: 'reminder' } }, START);
    const jobs = runner(a, handlers);
    expect(await jobs.runDue()).toBe(0);
    clock.advanceHours(12);
    expect(await jobs.runDue()).toBe(1);
    clock.advanceHours(12);
    expect(await jobs.runDue()).toBe(1);
    expect(ran).toEqual(['reminder', 'deadline']);
    expect((await a.jobs.list({ status: 'done', limit: 10 })).length).toBe(2);
  });

  it('keeps one pending job per dedupe key, and cancels by prefix', async () => {
    expect(
      await a.jobs.schedule(
        { kind: 'k', runAt: at(1), payload: {}, dedupeKey: 'notice:1:deadline' },
        START,
      ),
    ).not.toBeNull();
    expect(
      await a.jobs.schedule(
        { kind: 'k', runAt: at(2), payload: {}, dedupeKey: 'notice:1:deadline' },
        START,
      ),
    ).toBeNull();
    await a.jobs.schedule(
      { kind: 'k', runAt: at(1), payload: {}, dedupeKey: 'notice:1:reminder' },
      START,
    );
    await a.jobs.schedule(
      { kind: 'k', runAt: at(1), payload: {}, dedupeKey: 'notice:2:deadline' },
      START,
    );
    expect(await a.jobs.cancelPending('notice:1:', START)).toBe(2);
    expect((await a.jobs.list({ status: 'queued', limit: 10 })).map((j) => j.dedupeKey)).toEqual([
      'notice:2:deadline',
    ]);
  });

  it('retries a failing job with backoff and gives up after the last delay', async () => {
    let calls = 0;
    const jobs = runner(a, {
      flaky: async () => {
        calls++;
        throw new Error('receiver answered 503');
      },
    });
    await a.jobs.schedule({ kind: 'flaky', runAt: START, payload: {} }, START);
    expect(await jobs.runDue()).toBe(1);
    clock.advance(59_000);
    expect(await jobs.runDue()).toBe(0);
    clock.advance(1_000);
    expect(await jobs.runDue()).toBe(1);
    clock.advance(120_000);
    expect(await jobs.runDue()).toBe(1);
    clock.advanceHours(10);
    expect(await jobs.runDue()).toBe(0);
    const [dead] = await a.jobs.list({ status: 'dead', limit: 1 });
    expect([calls, dead.attempts, dead.lastError]).toEqual([3, 3, 'receiver answered 503']);
  });

  it('never runs a job twice from two processes, and takes over one whose process died', async () => {
    for (let i = 0; i < 20; i++)
      await a.jobs.schedule({ kind: 'count', runAt: START, payload: { i } }, START);
    const seen: number[] = [];
    const count = async (job: { payload: { i: number } }) => {
      seen.push(job.payload.i);
      await new Promise((resolve) => setImmediate(resolve));
    };
    await Promise.all([runner(a, { count }).runDue(), runner(b, { count }).runDue()]);
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));

    // A process claims a job and dies (never completes it): after its lease another takes over.
    await a.jobs.schedule({ kind: 'count', runAt: START, payload: { i: 99 } }, START);
    const claimed = await a.jobs.claimDue(START, at(0.1));
    expect(claimed!.payload).toEqual({ i: 99 });
    expect(await runner(b, { count }, 360_000).runDue()).toBe(0);
    clock.advanceHours(0.2);
    expect(await runner(b, { count }, 360_000).runDue()).toBe(1);
    expect(seen.at(-1)).toBe(99);
  });

  it('marks a job of unknown kind dead instead of looping on it', async () => {
    await a.jobs.schedule({ kind: 'mystery', runAt: START, payload: {} }, START);
    expect(await runner(a, {}).runDue()).toBe(1);
    expect((await a.jobs.list({ status: 'dead', limit: 1 }))[0].lastError).toBe(
      'no handler for job kind "mystery"',
    );
  });

  it('refuses a payload that does not fit its kind at once, without calling the handler', async () => {
    let calls = 0;
    await a.jobs.schedule({ kind: 'count', runAt: START, payload: { i: 'seven' } }, START);
    expect(await runner(a, { count: async () => void calls++ }).runDue()).toBe(1);
    const [dead] = await a.jobs.list({ status: 'dead', limit: 1 });
    expect([calls, dead.attempts, dead.lastError]).toEqual([
      0,
      1,
      'job count: i: Invalid input: expected number, received string',
    ]);
  });
});

describe('the server job kinds', () => {
  const stored = (kind: string, payload: Record<string, unknown>) => ({
    id: 1,
    kind,
    runAt: START,
    payload,
    status: 'running' as const,
    attempts: 1,
    lastError: null,
    dedupeKey: null,
    lockedUntil: null,
    createdAt: START,
    updatedAt: START,
  });

  it('reads every payload the services write, typed by its kind', () => {
    const job = newJob('notice.deliver', { runAt: START, payload: { noticeId: 4, event: 'sent' } });
    expect(job).toEqual({
      kind: 'notice.deliver',
      runAt: START,
      payload: { noticeId: 4, event: 'sent' },
    });
    expect(readJob(JOB_PAYLOADS, stored(job.kind, job.payload))).toEqual({
      job: stored('notice.deliver', { noticeId: 4, event: 'sent' }),
    });
  });

  it('names what is wrong with a payload: a missing field, a stray one, an inherited kind name', () => {
    expect(readJob(JOB_PAYLOADS, stored('notice.deadline', {}))).toEqual({
      refused: 'job notice.deadline: noticeId: Invalid input: expected number, received undefined',
    });
    expect(readJob(JOB_PAYLOADS, stored('monitor.run', { monitorId: 2, extra: true }))).toEqual({
      refused: 'job monitor.run: payload: Unrecognized key: "extra"',
    });
    expect(readJob(JOB_PAYLOADS, stored('toString', {}))).toEqual({
      refused: 'no handler for job kind "toString"',
    });
  });
});
