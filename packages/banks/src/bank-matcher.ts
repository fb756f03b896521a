import type { BankChange, BankEntry, BankStore } from '@haechi/core';
import { parseVpdqSignal } from '@haechi/exchange';
import {
  ExactDigestIndex,
  PDQ_MATCH_RADIUS,
  PdqIndex,
  VpdqIndex,
  parseHash256,
  queryDihedral,
  type Hash256,
  type VpdqFeature,
} from '@haechi/hashing';

/** An active bank entry that a query matched. */
export interface BankMatch {
  readonly entryId: number;
  readonly bankId: number;
  readonly signalType: 'pdq' | 'md5' | 'sha256' | 'vpdq';
  /** Hamming distance for PDQ; 0 for exact digests; for vPDQ 100 − % of the stored video matched. */
  readonly distance: number;
  /** Which dihedral variant of the query matched (0: the query as given). */
  readonly variant: number;
  /** When a derived hash of the entry matched rather than its own: which crop (e.g. "centre-90"). */
  readonly crop?: string;
}

export interface MatchOptions {
  /** Only entries of these banks (a platform's subscriptions); all banks when absent. */
  readonly banks?: ReadonlySet<number>;
}

export interface BankMatcherOptions {
  /** Entries read from the store per page while loading (default 50,000). */
  readonly pageSize?: number;
  /** How often {@link BankMatcher.follow} reads the change feed (default 200 ms). */
  readonly intervalMs?: number;
  /** Told about a failed read of the change feed; following goes on at the next tick. */
  readonly onError?: (error: unknown) => void;
}

const FEED_PAGE = 10_000;

/**
 * The banks' active entries in memory, kept current from the change feed: a screening process
 * builds it at start ({@link open}) and then {@link follow}s the feed, so an entry added or
 * withdrawn by any process matches, or stops matching, here within one polling interval.
 * Entries are indexed under their store ids; `bankOf` maps an id to its bank in a typed array.
 */
export class BankMatcher {
  private readonly pdq = new PdqIndex();
  private readonly md5 = new ExactDigestIndex(16, 'MD5');
  private readonly sha256 = new ExactDigestIndex(32, 'SHA-256');
  private readonly vpdq = new VpdqIndex();
  /** The crops' hashes of PDQ entries, under slot ids of their own (reused once freed). */
  private readonly derived = new PdqIndex();
  private ownerOf = new Int32Array(1024);
  private readonly cropOf: string[] = [];
  private readonly slotsOf = new Map<number, number[]>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private bankOf = new Int32Array(1024);
  private seq = 0;
  private newestBank = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<number> | undefined;

  private constructor(
    private readonly store: BankStore,
    private readonly options: BankMatcherOptions,
  ) {}

  /** Loads every active entry, then the changes made while it loaded. */
  static async open(store: BankStore, options: BankMatcherOptions = {}): Promise<BankMatcher> {
    const matcher = new BankMatcher(store, options);
    // The cursor is taken first: a change made during the load is then replayed, never missed.
    matcher.seq = await store.latestChangeSeq();
    const limit = options.pageSize ?? 50_000;
    for (let afterId = 0; ;) {
      const page = await store.listActiveEntries({ afterId, limit });
      for (const entry of page) matcher.add(entry);
      if (page.length < limit) break;
      afterId = page[page.length - 1].id;
    }
    matcher.pdq.seal();
    matcher.derived.seal();
    await matcher.catchUp();
    return matcher;
  }

  /** The highest bank id among the entries held: a directory of bank names older than it is stale. */
  get newestBankId(): number {
    return this.newestBank;
  }

  /** The change-feed position applied so far. */
  get cursor(): number {
    return this.seq;
  }

  /** Entries held per signal type (an entry's derived crop hashes are counted apart). */
  get counts(): { pdq: number; md5: number; sha256: number; vpdq: number; derivedPdq: number } {
    return {
      derivedPdq: this.derived.count,
      pdq: this.pdq.count,
      md5: this.md5.count,
      sha256: this.sha256.count,
      vpdq: this.vpdq.count,
    };
  }

  /** Applies every change after the cursor; returns how many. Concurrent calls share one read. */
  catchUp(): Promise<number> {
    this.reading ??= this.readChanges().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** Reads the change feed every `intervalMs` until {@link stop}. Does not keep Node alive. */
  follow(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * PDQ entries within `radius` of the hash; given the 8 dihedral hashes of an image, of any of
   * them (a rotated or mirrored re-upload). Nearest first.
   */
  matchPdq(
    hash: Hash256 | readonly Hash256[],
    radius = PDQ_MATCH_RADIUS,
    options: MatchOptions = {},
  ): BankMatch[] {
    const search = (index: PdqIndex) =>
      Array.isArray(hash)
        ? queryDihedral(index, hash as readonly Hash256[], radius)
        : index.query(hash as Hash256, radius).map((m) => ({ ...m, variant: 0 }));
    const own = search(this.pdq).flatMap(({ id, distance, variant }) =>
      this.toMatch(id, 'pdq', distance, variant, options),
    );
    if (this.derived.count === 0) return own;
    // A crop's hash matches as its entry, only where the entry's own hash is not closer.
    const closest = new Map(own.map((m) => [m.entryId, m]));
    for (const { id, distance, variant } of search(this.derived)) {
      const entryId = this.ownerOf[id];
      const known = closest.get(entryId);
      if (known && known.distance <= distance) continue;
      for (const match of this.toMatch(entryId, 'pdq', distance, variant, options))
        closest.set(entryId, { ...match, crop: this.cropOf[id] });
    }
    return [...closest.values()].sort((a, b) => a.distance - b.distance || a.entryId - b.entryId);
  }

  /** Entries with exactly this MD5 or SHA-256 (hex or bytes). */
  matchDigest(
    type: 'md5' | 'sha256',
    digest: string | Uint8Array,
    options: MatchOptions = {},
  ): BankMatch[] {
    const index = type === 'md5' ? this.md5 : this.sha256;
    return index
      .lookup(digest)
      .sort((a, b) => a - b)
      .flatMap((id) => this.toMatch(id, type, 0, 0, options));
  }

  /** Stored videos that a query video matches under the vPDQ rule, best first. */
  matchVpdq(features: readonly VpdqFeature[], options: MatchOptions = {}): BankMatch[] {
    return this.vpdq
      .query(features)
      .flatMap((m) =>
        this.toMatch(m.videoId, 'vpdq', Math.round(100 - m.candidateMatchPercent), 0, options),
      );
  }

  private toMatch(
    id: number,
    signalType: BankMatch['signalType'],
    distance: number,
    variant: number,
    options: MatchOptions,
  ): BankMatch[] {
    const bankId = this.bankOf[id];
    if (options.banks && !options.banks.has(bankId)) return [];
    return [{ entryId: id, bankId, signalType, distance, variant }];
  }

  private async readChanges(): Promise<number> {
    let applied = 0;
    for (;;) {
      const changes = await this.store.changesSince(this.seq, FEED_PAGE);
      for (const change of changes) this.apply(change);
      applied += changes.length;
      if (changes.length > 0) this.seq = changes[changes.length - 1].seq;
      if (changes.length < FEED_PAGE) return applied;
    }
  }

  private apply(change: BankChange): void {
    if (change.kind === 'add') this.add(change.entry);
    else this.remove(change.entry);
  }

  private add(entry: BankEntry): void {
    const index = this.indexFor(entry.signalType);
    // Already loaded: the load read it after the cursor was taken.
    if (!index || index.has(entry.id)) return;
    if (entry.bankId > this.newestBank) this.newestBank = entry.bankId;
    if (entry.id >= this.bankOf.length) {
      const grown = new Int32Array(Math.max(entry.id + 1, this.bankOf.length * 2));
      grown.set(this.bankOf);
      this.bankOf = grown;
    }
    this.bankOf[entry.id] = entry.bankId;
    if (index instanceof PdqIndex) {
      index.add(entry.id, parseHash256(entry.signal));
      this.addDerived(entry);
    } else if (index instanceof VpdqIndex) index.add(entry.id, parseVpdqSignal(entry.signal));
    else index.add(entry.id, entry.signal);
  }

  private remove(entry: BankEntry): void {
    this.indexFor(entry.signalType)?.remove(entry.id);
    for (const slot of this.slotsOf.get(entry.id) ?? []) {
      this.derived.remove(slot);
      this.freeSlots.push(slot);
    }
    this.slotsOf.delete(entry.id);
  }

  private addDerived(entry: BankEntry): void {
    if (entry.derived.length === 0) return;
    const slots: number[] = [];
    for (const { crop, signal } of entry.derived) {
      const slot = this.freeSlots.pop() ?? this.nextSlot++;
      if (slot >= this.ownerOf.length) {
        const grown = new Int32Array(Math.max(slot + 1, this.ownerOf.length * 2));
        grown.set(this.ownerOf);
        this.ownerOf = grown;
      }
      this.ownerOf[slot] = entry.id;
      this.cropOf[slot] = crop;
      this.derived.add(slot, parseHash256(signal));
      slots.push(slot);
    }
    this.slotsOf.set(entry.id, slots);
  }

  private indexFor(signalType: string): PdqIndex | ExactDigestIndex | VpdqIndex | undefined {
    if (signalType === 'pdq') return this.pdq;
    if (signalType === 'vpdq') return this.vpdq;
    if (signalType === 'md5') return this.md5;
    if (signalType === 'sha256') return this.sha256;
    return undefined;
  }
}
