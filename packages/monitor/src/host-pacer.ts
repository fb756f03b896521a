/**
 * Politeness per host: requests to one host start at least `intervalMs` apart (or the host's own
 * Crawl-delay, when longer), whichever monitor makes them. Pure: the caller waits until the time it
 * is given.
 */
export class HostPacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  /** Reserves the host's next slot: the time (ms) the request may start. */
  reserve(host: string, nowMs: number, crawlDelayMs = 0): number {
    const start = Math.max(nowMs, this.next.get(host) ?? 0);
    this.next.set(host, start + Math.max(this.intervalMs, crawlDelayMs));
    return start;
  }
}

/** Exponential backoff after consecutive failures: base·2^(n−1), at most `maxMs`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, failures - 1));
}

/** Within a crawl's scope: the same host as one of its start pages (no other site is crawled). */
export function inScope(url: string, hosts: ReadonlySet<string>): boolean {
  return hosts.has(new URL(url).host);
}
