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
import {
  readMatcherSnapshot,
  writeMatcherSnapshot,
  type MatcherTables,
} from './snapshot/matcher-snapshot.js';
import { SnapshotError } from './snapshot/snapshot-file.js';

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
  /**
   * A snapshot file of the indexes: `open` starts from it when it is sound and of this store (then
   * reads only the changes after it), and otherwise loads the store. With `write`, a snapshot is
   * written after a load from the store and after each seal of the PDQ tables.
   */
  readonly snapshot?: { readonly path: string; readonly write: boolean };
  /** Told how the matcher started, and of each snapshot written or refused. */
  readonly onSnapshot?: (report: SnapshotReport) => void;
}

export type SnapshotReport =
  | { readonly event: 'loaded'; readonly path: string; readonly ms: number; readonly seq: number }
  | { readonly event: 'refused'; readonly path: string; readonly reason: string }
  | {
      readonly event: 'written';
      readonly path: string;
      readonly ms: number;
      readonly bytes: number;
    };

const FEED_PAGE = 10_000;
const noop = (): void => undefined;

/**
 * The banks' active entries in memory, kept current from the change feed: a screening process
 * builds it at start ({@link open}) and then {@link follow}s the feed, so an entry added or
 * withdrawn by any process matches, or stops matching, here within one polling interval.
 * Entries are indexed under their store ids; `bankOf` maps an id to its bank in a typed array.
 */
export class BankMatcher {
  private pdq = new PdqIndex();
  private md5 = new ExactDigestIndex(16, 'MD5');
  private sha256 = new ExactDigestIndex(32, 'SHA-256');
  private vpdq = new VpdqIndex();
  /** The crops' hashes of PDQ entries, under slot ids of their own (reused once freed). */
  private derived = new PdqIndex();
  private ownerOf = new Int32Array(1024);
  /** Each derived slot's crop, as an index into `cropNames` (a byte, not a string, per slot). */
  private cropOf = new Uint8Array(1024);
  private cropNames: string[] = [];
  private readonly slotsOf = new Map<number, number[]>();
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private bankOf = new Int32Array(1024);
  private seq = 0;
  private newestBank = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<number> | undefined;
  private writing: Promise<SnapshotReport> | undefined;
  /** Seals of the PDQ tables as of the last snapshot written. */
  private sealsSnapshotted = -1;

  private constructor(
    private readonly store: BankStore,
    private readonly options: BankMatcherOptions,
  ) {}

  /**
   * Starts from the snapshot when one is configured, sound and of this store; otherwise loads every
   * active entry from the store. Then applies the changes made since.
   */
  static async open(store: BankStore, options: BankMatcherOptions = {}): Promise<BankMatcher> {
    const snapshot = options.snapshot;
    if (snapshot) {
      const started = performance.now();
      try {
        const matcher = await BankMatcher.fromSnapshot(store, options, snapshot.path);
        options.onSnapshot?.({
          event: 'loaded',
          path: snapshot.path,
          ms: Math.round(performance.now() - started),
          seq: matcher.seq,
        });
        await matcher.catchUp();
        return matcher;
      } catch (error) {
        if (!(error instanceof SnapshotError || error instanceof RangeError)) throw error;
        options.onSnapshot?.({ event: 'refused', path: snapshot.path, reason: error.message });
      }
    }
    const matcher = await BankMatcher.load(store, options);
    if (snapshot?.write)
      void matcher.writeSnapshot().catch((error: unknown) => options.onError?.(error));
    return matcher;
  }

  /** Loads every active entry, then the changes made while it loaded. */
  private static async load(store: BankStore, options: BankMatcherOptions): Promise<BankMatcher> {
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
    // Changes wait while a snapshot is written: its arrays are written as they lie in memory.
    const writing = this.writing;
    this.reading ??= (writing ? writing.then(noop, noop) : Promise.resolve())
      .then(() => this.readChanges())
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /**
   * Writes the snapshot now (after the read of changes in progress, if any); changes wait until it
   * is written. Concurrent calls share one write.
   */
  writeSnapshot(): Promise<SnapshotReport> {
    const target = this.options.snapshot;
    if (!target) return Promise.reject(new Error('this matcher has no snapshot file'));
    const reading = this.reading;
    this.writing ??= (reading ? reading.then(noop, noop) : Promise.resolve())
      .then(() => this.writeSnapshotNow(target.path))
      .finally(() => {
        this.writing = undefined;
      });
    return this.writing;
  }

  /** Reads the change feed every `intervalMs` until {@link stop}. Does not keep Node alive. */
  follow(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp()
        .then(() => {
          if (this.options.snapshot?.write && this.seals !== this.sealsSnapshotted)
            return this.writeSnapshot().then(noop);
        })
        .catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops following and waits for a read or snapshot write in progress (before a store closes). */
  async close(): Promise<void> {
    this.stop();
    await Promise.all([this.reading?.catch(noop), this.writing?.catch(noop)]);
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
        closest.set(entryId, { ...match, crop: this.cropNames[this.cropOf[id]] });
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
        const crops = new Uint8Array(grown.length);
        crops.set(this.cropOf);
        this.cropOf = crops;
      }
      this.ownerOf[slot] = entry.id;
      this.cropOf[slot] = this.cropCode(crop);
      this.derived.add(slot, parseHash256(signal));
      slots.push(slot);
    }
    this.slotsOf.set(entry.id, slots);
  }

  private cropCode(crop: string): number {
    let code = this.cropNames.indexOf(crop);
    if (code < 0) {
      if (this.cropNames.length === 256) throw new RangeError('more than 256 kinds of crop');
      code = this.cropNames.push(crop) - 1;
    }
    return code;
  }

  /** Seals of the PDQ tables so far: a snapshot is due when this changes. */
  private get seals(): number {
    return this.pdq.seals + this.derived.seals;
  }

  private async writeSnapshotNow(path: string): Promise<SnapshotReport> {
    const started = performance.now();
    const seals = this.seals;
    const tables: MatcherTables = {
      pdq: this.pdq,
      derived: this.derived,
      md5: this.md5,
      sha256: this.sha256,
      vpdq: this.vpdq,
      bankOf: this.bankOf,
      ownerOf: this.ownerOf,
      cropOf: this.cropOf,
      cropNames: this.cropNames,
      nextSlot: this.nextSlot,
      newestBank: this.newestBank,
      seq: this.seq,
    };
    const bytes = await writeMatcherSnapshot(path, tables, this.store);
    this.sealsSnapshotted = seals;
    const report: SnapshotReport = {
      event: 'written',
      path,
      ms: Math.round(performance.now() - started),
      bytes,
    };
    this.options.onSnapshot?.(report);
    return report;
  }

  /** A matcher from a snapshot file, if it is sound and holds a position of this store's feed. */
  private static async fromSnapshot(
    store: BankStore,
    options: BankMatcherOptions,
    path: string,
  ): Promise<BankMatcher> {
    const t = await readMatcherSnapshot(path, store);
    const matcher = new BankMatcher(store, options);
    [matcher.pdq, matcher.derived, matcher.md5, matcher.sha256, matcher.vpdq] = [
      t.pdq,
      t.derived,
      t.md5,
      t.sha256,
      t.vpdq,
    ];
    [matcher.bankOf, matcher.ownerOf, matcher.cropOf] = [t.bankOf, t.ownerOf, t.cropOf];
    matcher.cropNames = [...t.cropNames];
    [matcher.nextSlot, matcher.newestBank, matcher.seq] = [t.nextSlot, t.newestBank, t.seq];
    // Which slots each entry's crops hold, and which are free: both follow from the arrays.
    for (let slot = 0; slot < matcher.nextSlot; slot++) {
      if (!matcher.derived.has(slot)) {
        matcher.freeSlots.push(slot);
        continue;
      }
      const owner = matcher.ownerOf[slot];
      const slots = matcher.slotsOf.get(owner);
      if (slots) slots.push(slot);
      else matcher.slotsOf.set(owner, [slot]);
    }
    matcher.sealsSnapshotted = matcher.seals;
    return matcher;
  }

  private indexFor(signalType: string): PdqIndex | ExactDigestIndex | VpdqIndex | undefined {
    if (signalType === 'pdq') return this.pdq;
    if (signalType === 'vpdq') return this.vpdq;
    if (signalType === 'md5') return this.md5;
    if (signalType === 'sha256') return this.sha256;
    return undefined;
  }
}
