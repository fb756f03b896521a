import { describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { useStores } from './test-stores.js';

const W1 = '2026-12-04T09:00:00.000Z';
const W2 = '2026-12-04T09:15:00.000Z';

describe.each(BACKENDS)('the attempt counters on $name', (backend) => {
  const stores = useStores(backend);

  it('counts per key within a window, starts again in the next, and forgets on clear', async () => {
    const attempts = stores().attempts;
    expect(await attempts.read('k', W1)).toBe(0);
    expect([await attempts.increment('k', W1), await attempts.increment('k', W1)]).toEqual([1, 2]);
    expect(await attempts.increment('other', W1)).toBe(1);
    expect(await attempts.read('k', W1)).toBe(2);
    // A new window: the old count no longer holds.
    expect(await attempts.read('k', W2)).toBe(0);
    expect(await attempts.increment('k', W2)).toBe(1);
    await attempts.clear('k');
    expect(await attempts.read('k', W2)).toBe(0);
    expect(await attempts.read('other', W1)).toBe(1);
  });

  it('counts every one of many concurrent increments', async () => {
    const attempts = stores().attempts;
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => attempts.increment('busy', W1)),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
