import { describe, expect, it } from 'vitest';
import { runExclusive } from './exclusive.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('runExclusive', () => {
  it('runs tasks one at a time, in order, even when one fails', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task =
      (n: number, fail = false) =>
      async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        order.push(n);
        running--;
        if (fail) throw new Error(`task ${n} failed`);
        return n;
      };
    const results = await Promise.allSettled([
      runExclusive(task(1)),
      runExclusive(task(2, true)),
      runExclusive(task(3)),
    ]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ).toEqual([1, 'task 2 failed', 3]);
  });
});
