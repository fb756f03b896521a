import type { Org } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addPlatform, useStores, type TestStores } from './test-stores.js';

const T = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString();

describe.each(BACKENDS)('the screen-job queue on $name', (backend) => {
  const current = useStores(backend);
  let stores: TestStores;
  let platform: Org;
  beforeEach(async () => {
    stores = current();
    platform = await addPlatform(stores, 'stream-site', T(0));
  });

  const enqueue = (id: string, minute: number) =>
    stores.screenJobs.enqueue({
      id,
      orgId: platform.id,
      callbackUrl: 'https://stream.example/hooks/haechi',
      contentId: `video-${id}`,
      url: null,
      createdAt: T(minute),
    });

  it('hands queued jobs out oldest first, once each, and keeps results and callbacks', async () => {
    await enqueue('job_a', 0);
    await enqueue('job_b', 1);
    const [first, second, none] = await Promise.all([
      stores.screenJobs.claimNext(T(2)),
      stores.screenJobs.claimNext(T(2)),
      stores.screenJobs.claimNext(T(2)),
    ]);
    expect([first?.id, second?.id].sort()).toEqual(['job_a', 'job_b']);
    expect(none).toBeNull();
    expect([first?.status, first?.updatedAt]).toEqual(['running', T(2)]);
    await stores.screenJobs.finish('job_a', { result: { verdict: 'allow', frames: 12 } }, T(3));
    await stores.screenJobs.finish(
      'job_b',
      { error: { code: 'media_invalid', message: 'the video is truncated' } },
      T(3),
    );
    await stores.screenJobs.recordCallback('job_a', 'delivered', T(4));
    expect(await stores.screenJobs.getJob('job_a')).toMatchObject({
      status: 'done',
      result: { verdict: 'allow', frames: 12 },
      error: null,
      callbackStatus: 'delivered',
      callbackAttempts: 1,
      contentId: 'video-job_a',
    });
    expect(await stores.screenJobs.getJob('job_b')).toMatchObject({
      status: 'failed',
      result: null,
      error: { code: 'media_invalid', message: 'the video is truncated' },
      callbackStatus: 'pending',
    });
    expect(await stores.screenJobs.getJob('job_none')).toBeNull();
  });

  it('puts back what was running when a process died, and only that', async () => {
    await enqueue('job_a', 0);
    await enqueue('job_b', 1);
    await enqueue('job_c', 2);
    await stores.screenJobs.claimNext(T(3));
    await stores.screenJobs.claimNext(T(3));
    await stores.screenJobs.finish('job_a', { result: {} }, T(4));
    expect(await stores.screenJobs.requeueRunning(T(5))).toBe(1);
    expect((await stores.screenJobs.getJob('job_b'))?.status).toBe('queued');
    expect((await stores.screenJobs.claimNext(T(6)))?.id).toBe('job_b');
    expect((await stores.screenJobs.claimNext(T(6)))?.id).toBe('job_c');
  });
});
