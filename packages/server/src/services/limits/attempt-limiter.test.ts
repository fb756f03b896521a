import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@haechi/core';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.js';
import { victimSignInLimits } from './sign-in-limits.js';

let dir: string;
let stores: EmbeddedStores;
let at = Date.parse('2026-12-04T09:00:00.000Z');
const now = () => new Date(at);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-limits-'));
  stores = openEmbeddedStores(dir);
  at = Date.parse('2026-12-04T09:00:00.000Z');
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const limiter = () => new AttemptLimiter({ store: stores.attempts, windowMs: 15 * 60_000, now });
const wrong = () =>
  Promise.reject(new AppError('unauthenticated', 'wrong case code or passphrase'));

describe('AttemptLimiter', () => {
  it('holds across instances (other workers, a restart) because it counts in the store', async () => {
    const { limits } = victimSignInLimits('HC-AAAA-BBBB', '203.0.113.5');
    for (let i = 0; i < 5; i++)
      // A new limiter each time: as if each guess reached another worker, or came after a restart.
      await expect(limiter().guard(limits, [], wrong)).rejects.toThrow('wrong case code');
    await expect(limiter().guard(limits, [], async () => 'in')).rejects.toMatchObject({
      code: 'rate_limited',
      message: 'too many attempts; try again in 900 s',
    });
    // The next window starts afresh.
    at += 15 * 60_000;
    expect(await limiter().guard(limits, [], async () => 'in')).toBe('in');
  });

  it('counts only failures, and a success forgets the account’s run of failures', async () => {
    const { limits, clearOnSuccess } = victimSignInLimits('HC-AAAA-BBBB', '203.0.113.5');
    const pair = clearOnSuccess[0];
    for (let i = 0; i < 4; i++)
      await expect(limiter().guard(limits, [pair], wrong)).rejects.toThrow();
    expect(await limiter().guard(limits, [pair], async () => 'in')).toBe('in');
    for (let i = 0; i < 4; i++)
      await expect(limiter().guard(limits, [pair], wrong)).rejects.toThrow();
    expect(await limiter().guard(limits, [pair], async () => 'in')).toBe('in');
  });

  it('refuses past a limit and tells about the first refusal only, once a window', async () => {
    const heard: string[] = [];
    const take = () =>
      limiter().take([{ key: 'case-open:address:192.0.2.44', max: 2 }], async (l) => {
        heard.push(l.key);
      });
    await take();
    await take();
    await expect(take()).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(take()).rejects.toMatchObject({ code: 'rate_limited' });
    expect(heard).toEqual(['case-open:address:192.0.2.44']);
  });

  it('keeps no code or address in clear', async () => {
    const { limits } = victimSignInLimits('HC-AAAA-BBBB', '203.0.113.5');
    await expect(limiter().guard(limits, [], wrong)).rejects.toThrow();
    const rows = JSON.stringify(stores.db.prepare('SELECT * FROM attempt_counts').all());
    expect(rows).not.toContain('203.0.113.5');
    expect(rows).not.toContain('HC-AAAA');
  });
});
