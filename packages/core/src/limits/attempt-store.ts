/**
 * Counters for limits that must hold across processes and restarts: failed sign-ins, cases opened
 * per address. Fixed windows: a key counts within the window that started at `windowStart`, and a
 * count in a later window starts again from one. Keys are opaque digests: the store never holds a
 * code, an address or an email in clear.
 */
export interface AttemptStore {
  /** Adds one to the key's count in this window; returns the count with it. */
  increment(key: string, windowStart: string): Promise<number>;
  /** The key's count in this window (0 when none). */
  read(key: string, windowStart: string): Promise<number>;
  /** Forgets the key (a success ends a run of failures). */
  clear(key: string): Promise<void>;
}
