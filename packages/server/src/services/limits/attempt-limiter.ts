import { createHash } from 'node:crypto';
import { AppError, isAppError, type AttemptStore } from '@haechi/core';

/** One counted limit: at most `max` in a window under `key` (a kind and what it limits). */
export interface Limit {
  readonly key: string;
  readonly max: number;
}

/**
 * Counts attempts per key in fixed windows, in the store, so a limit holds across worker processes
 * and restarts. Keys are stored as SHA-256 digests: the counters never hold a case code, an
 * address or an email in clear.
 */
export class AttemptLimiter {
  constructor(private readonly deps: { store: AttemptStore; windowMs: number; now: () => Date }) {}

  /** Refuses (429 `rate_limited`, with the seconds to wait) when any limit is already reached. */
  async check(limits: readonly Limit[]): Promise<void> {
    const { start, retryAfter } = this.window();
    for (const limit of limits)
      if ((await this.deps.store.read(digest(limit.key), start)) >= limit.max)
        throw limited(retryAfter);
  }

  /** Counts one attempt under each key; returns the counts, in order. */
  async add(limits: readonly Limit[]): Promise<number[]> {
    const { start } = this.window();
    const counts: number[] = [];
    for (const limit of limits)
      counts.push(await this.deps.store.increment(digest(limit.key), start));
    return counts;
  }

  /**
   * Counts one attempt and refuses it when that goes over a limit; `onFirstRefusal` hears the
   * first refusal of each key in a window (to record the abuse signal once, not per request).
   */
  async take(
    limits: readonly Limit[],
    onFirstRefusal?: (limit: Limit) => Promise<void>,
  ): Promise<void> {
    const counts = await this.add(limits);
    const over = limits.findIndex((limit, i) => counts[i] > limit.max);
    if (over < 0) return;
    const limit = limits[over];
    if (counts[over] === limit.max + 1) await onFirstRefusal?.(limit);
    throw limited(this.window().retryAfter);
  }

  /**
   * Runs a sign-in attempt under failure limits: refused while one is reached, counted when it
   * fails as unauthenticated, and `clearOnSuccess` forgotten when it succeeds.
   */
  async guard<T>(
    limits: readonly Limit[],
    clearOnSuccess: readonly string[],
    attempt: () => Promise<T>,
  ): Promise<T> {
    await this.check(limits);
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (isAppError(error) && error.code === 'unauthenticated') await this.add(limits);
      throw error;
    }
    await this.clear(clearOnSuccess);
    return result;
  }

  async clear(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.deps.store.clear(digest(key));
  }

  private window(): { start: string; retryAfter: number } {
    const now = this.deps.now().getTime();
    const start = Math.floor(now / this.deps.windowMs) * this.deps.windowMs;
    return {
      start: new Date(start).toISOString(),
      retryAfter: Math.max(1, Math.ceil((start + this.deps.windowMs - now) / 1000)),
    };
  }
}

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

const limited = (retryAfter: number): AppError =>
  new AppError('rate_limited', `too many attempts; try again in ${retryAfter} s`, {
    details: { retryAfterSeconds: retryAfter },
  });
