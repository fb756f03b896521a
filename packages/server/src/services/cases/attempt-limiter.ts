import { AppError } from '@haechi/core';

/**
 * Counts failed attempts per key (a case code, a client address) in a sliding window and refuses
 * more than `maxFailures`: guessing a case's passphrase, or walking case codes, is slowed to a crawl.
 * In memory, per process: a cluster multiplies the allowance by its process count (issue 9 moves it
 * to the shared store).
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  check(keys: readonly string[]): void {
    const since = this.now().getTime() - this.windowMs;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((t) => t > since);
      this.failures.set(key, recent);
      if (recent.length >= this.maxFailures) {
        const retryAfter = Math.ceil(
          ((recent[0] as number) + this.windowMs - this.now().getTime()) / 1000,
        );
        throw new AppError(
          'rate_limited',
          `too many failed attempts; try again in ${retryAfter} s`,
          { details: { retryAfterSeconds: retryAfter } },
        );
      }
    }
  }

  fail(keys: readonly string[]): void {
    const t = this.now().getTime();
    for (const key of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), t]);
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
