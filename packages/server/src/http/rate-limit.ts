import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '@haechi/core';
import type { AppEnv } from './app-env.js';

/**
 * The caller's address: the socket's peer, or — only behind a proxy the operator trusts
 * (HAECHI_TRUST_PROXY) — the first address of X-Forwarded-For. Trusting that header otherwise
 * would let anyone choose the address their limits are counted under.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Requests counted per key in fixed one-minute windows (in memory, per process). */
export class RequestCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string, limitPerMinute: number): number {
    const now = this.now();
    const start = now - (now % 60_000);
    if (this.windows.size > 100_000)
      for (const [k, w] of this.windows) if (w.start < start) this.windows.delete(k);
    const window = this.windows.get(key);
    if (!window || window.start !== start) {
      this.windows.set(key, { start, count: 1 });
      return 0;
    }
    window.count++;
    return window.count > limitPerMinute ? Math.ceil((start + 60_000 - now) / 1000) : 0;
  }
}

/**
 * Limits requests per caller: per API key, person or case session once authenticated, per address
 * before (sign-in, a victim's new request, her case session). Over the limit: 429 with Retry-After.
 */
export function rateLimit(options: {
  readonly perMinute: number;
  readonly publicPerMinute: number;
  readonly trustProxy: boolean;
  readonly counter?: RequestCounter;
}): MiddlewareHandler<AppEnv> {
  const counter = options.counter ?? new RequestCounter();
  return async (c, next) => {
    const principal = c.var.principal;
    const caseId = c.var.victimCaseId;
    const [key, limit] = principal
      ? [principal.actor, options.perMinute]
      : caseId !== undefined
        ? [`case:${caseId}`, options.publicPerMinute]
        : [`address:${clientAddress(c, options.trustProxy)}`, options.publicPerMinute];
    const wait = counter.hit(key, limit);
    if (wait > 0) {
      throw new AppError('rate_limited', `too many requests; try again in ${wait} s`, {
        details: { retryAfterSeconds: wait },
      });
    }
    await next();
  };
}
