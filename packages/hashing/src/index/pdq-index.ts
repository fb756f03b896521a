import type { Hash256 } from '../pdq/hash256.js';
import { hashToWords, wordsDistance, wordsToHash } from './hash-words.js';
import { slotsProblem } from './slot-check.js';
import {
  createSubstringLayout,
  extractSubstring,
  substringCountForSize,
  substringRadii,
  type SubstringLayout,
} from './substring-layout.js';

/** A stored hash within the query radius. */
export interface IndexMatch {
  readonly id: number;
  readonly distance: number;
}

/** How the last query ran: for tests and benchmarks. */
export interface IndexQueryStats {
  /** Candidates compared on all 256 bits (removed ones too, until the next seal drops them). */
  readonly verified: number;
  /** False when the radius made a plain scan cheaper than probing the tables. */
  readonly usedTables: boolean;
}

export interface PdqIndexOptions {
  /** Fix the number of substrings (11…32) instead of choosing it from the size at each seal. */
  readonly substrings?: number;
  /** Scan every hash when the radius makes probing costlier (default true; false only for testing). */
  readonly scanWhenCheaper?: boolean;
}

/** One multi-index table: slots grouped by the value of one substring (CSR layout). */
interface SubstringTable {
  readonly offsets: Uint32Array<ArrayBuffer>;
  readonly postings: Uint32Array<ArrayBuffer>;
}

interface SealedTables {
  readonly layout: SubstringLayout;
  readonly tables: readonly SubstringTable[];
  /** Slots below this are in the tables; slots from here to `size` are scanned one by one. */
  readonly sealedSize: number;
}

/**
 * An index's arrays as they stand, for a snapshot file: {@link PdqIndex.fromState} serves from them
 * at once, without rebuilding its tables.
 */
export interface PdqIndexState {
  readonly size: number;
  readonly liveCount: number;
  /** The fixed substring count it was made with, or null (chosen from the size at each seal). */
  readonly fixedSubstrings: number | null;
  readonly words: Uint32Array<ArrayBuffer>;
  readonly ids: Uint32Array<ArrayBuffer>;
  readonly alive: Uint8Array<ArrayBuffer>;
  readonly slotOfId: Int32Array<ArrayBuffer>;
  readonly sealed: {
    readonly substrings: number;
    readonly sealedSize: number;
    readonly offsets: readonly Uint32Array<ArrayBuffer>[];
    readonly postings: readonly Uint32Array<ArrayBuffer>[];
  } | null;
}

const MAX_ID = 0x7fffffff;
const NO_SLOT = -1;
/** Added hashes are scanned linearly until there are this many, or 1/8 of the sealed ones. */
const MIN_PENDING_BEFORE_SEAL = 4096;

function grow<
  T extends Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Int32Array<ArrayBuffer>,
>(array: T, minLength: number, fill?: number): T {
  if (array.length >= minLength) return array;
  // A quarter more, not double: at 100 M hashes, doubling the 3.2 GB of words would not fit.
  const next = new (array.constructor as new (n: number) => T)(
    Math.max(minLength, Math.ceil(array.length * 1.25), 16),
  );
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

/**
 * Exact Hamming-radius search over 256-bit PDQ hashes by multi-index hashing: the hash is cut into
 * m substrings of about log2(n) bits; a stored hash within radius r of the query has, by pigeonhole,
 * some substring within ⌊r/m⌋ of the query's, so only the buckets of those substrings are read and
 * each candidate is verified on all 256 bits. Results equal a brute-force scan exactly.
 *
 * Memory is typed arrays only: 32 bytes per hash, a 4-byte id, one alive byte, and per substring a
 * 4-byte posting plus a directory of 2^width offsets. Additions are searched at once (a short list
 * scanned linearly) and folded into the tables by {@link seal}, which queries call when that list
 * grows past 1/8 of the index; removals take effect at once and are compacted on a later seal.
 *
 * @example
 * const index = new PdqIndex();
 * index.add(7, parseHash256(hex));
 * index.query(parseHash256(queryHex), PDQ_MATCH_RADIUS); // [{ id: 7, distance: 4 }]
 */
export class PdqIndex {
  private words: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  private ids: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  private alive: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private slotOfId: Int32Array<ArrayBuffer> = new Int32Array(0);
  private size = 0;
  private liveCount = 0;
  private sealed: SealedTables | null = null;
  private readonly fixedSubstrings: number | undefined;
  private readonly scanWhenCheaper: boolean;
  private readonly queryWords = new Uint32Array(8);
  private verified = 0;
  private usedTables = false;
  private sealCount = 0;

  constructor(options: PdqIndexOptions = {}) {
    if (options.substrings !== undefined) createSubstringLayout(options.substrings);
    this.fixedSubstrings = options.substrings;
    this.scanWhenCheaper = options.scanWhenCheaper ?? true;
  }

  /**
   * An index restored from {@link state}'s arrays (taken over, not copied). Throws a RangeError
   * when they do not fit together, so a damaged snapshot is refused rather than served.
   */
  static fromState(
    state: PdqIndexState,
    options: Omit<PdqIndexOptions, 'substrings'> = {},
  ): PdqIndex {
    const { size, liveCount, words, ids, alive, slotOfId, sealed } = state;
    const refuse = (why: string): never => {
      throw new RangeError(`PDQ index state: ${why}`);
    };
    const problem = slotsProblem(state, 'hashes');
    if (problem) refuse(problem);
    if (words.length < size * 8) refuse(`arrays shorter than its ${size} hashes`);
    const index = new PdqIndex({
      ...options,
      ...(state.fixedSubstrings === null ? {} : { substrings: state.fixedSubstrings }),
    });
    if (sealed) {
      const layout = createSubstringLayout(sealed.substrings);
      if (sealed.sealedSize > size) refuse('more sealed hashes than hashes');
      if (sealed.offsets.length !== layout.count || sealed.postings.length !== layout.count)
        refuse(`not ${layout.count} tables`);
      layout.widths.forEach((width, t) => {
        const offsets = sealed.offsets[t];
        if (offsets.length !== 2 ** width + 1 || offsets[offsets.length - 1] !== sealed.sealedSize)
          refuse(`table ${t}'s directory`);
        if (sealed.postings[t].length !== sealed.sealedSize) refuse(`table ${t}'s postings`);
      });
      index.sealed = {
        layout,
        tables: layout.widths.map((_, t) => ({
          offsets: sealed.offsets[t],
          postings: sealed.postings[t],
        })),
        sealedSize: sealed.sealedSize,
      };
    }
    index.words = words;
    index.ids = ids;
    index.alive = alive;
    index.slotOfId = slotOfId;
    index.size = size;
    index.liveCount = liveCount;
    return index;
  }

  /**
   * The arrays to snapshot (views, not copies: write them out before the index changes again).
   * A due seal is done first, so that queries made while they are written seal nothing.
   */
  state(): PdqIndexState {
    this.sealIfPendingIsLarge();
    const sealed = this.sealed;
    return {
      size: this.size,
      liveCount: this.liveCount,
      fixedSubstrings: this.fixedSubstrings ?? null,
      words: this.words.subarray(0, this.size * 8),
      ids: this.ids.subarray(0, this.size),
      alive: this.alive.subarray(0, this.size),
      slotOfId: this.slotOfId,
      sealed: sealed && {
        substrings: sealed.layout.count,
        sealedSize: sealed.sealedSize,
        offsets: sealed.tables.map((t) => t.offsets),
        postings: sealed.tables.map((t) => t.postings),
      },
    };
  }

  /** How many times the tables were rebuilt: a snapshot is due when this changes. */
  get seals(): number {
    return this.sealCount;
  }

  /** Number of hashes that can match (added and not removed). */
  get count(): number {
    return this.liveCount;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.slotOfId.length && this.slotOfId[id] !== NO_SLOT;
  }

  /**
   * Adds a hash under `id`, a whole number 0…2³¹−1 (bank entry ids: memory grows with the largest id,
   * 4 bytes per id value). The same hash may be stored under several ids.
   */
  add(id: number, hash: Hash256): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      throw new RangeError(`index id must be a whole number 0…${MAX_ID}, got ${id}`);
    }
    if (this.has(id)) throw new RangeError(`id ${id} is already in the index`);
    const slot = this.size;
    this.words = grow(this.words, (slot + 1) * 8);
    this.ids = grow(this.ids, slot + 1);
    this.alive = grow(this.alive, slot + 1);
    this.slotOfId = grow(this.slotOfId, id + 1, NO_SLOT);
    hashToWords(hash, this.words, slot * 8);
    this.ids[slot] = id;
    this.alive[slot] = 1;
    this.slotOfId[id] = slot;
    this.size++;
    this.liveCount++;
  }

  /** The hash stored under `id`, or null. */
  hashOf(id: number): Hash256 | null {
    return this.has(id) ? wordsToHash(this.words, this.slotOfId[id] * 8) : null;
  }

  /** Stops `id` from matching at once. Returns false if it was not in the index. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    const slot = this.slotOfId[id];
    this.alive[slot] = 0;
    this.slotOfId[id] = NO_SLOT;
    this.liveCount--;
    return true;
  }

  /** Every stored hash within `radius` (0…256) of `hash`, nearest first (ties by id). */
  query(hash: Hash256, radius: number): IndexMatch[] {
    if (!Number.isInteger(radius) || radius < 0 || radius > 256) {
      throw new RangeError(`radius must be a whole number 0…256, got ${radius}`);
    }
    this.sealIfPendingIsLarge();
    const q = hashToWords(hash, this.queryWords);
    const found = new Map<number, number>();
    const sealed = this.sealed;
    const sealedSize = sealed ? sealed.sealedSize : 0;
    this.verified = 0;
    this.usedTables =
      sealed !== null &&
      !(this.scanWhenCheaper && this.probesCostMoreThanScan(sealed.layout, radius, sealedSize));
    if (sealed && this.usedTables) {
      this.searchTables(sealed, q, radius, found);
    } else {
      this.scan(0, sealedSize, q, radius, found);
    }
    this.scan(sealedSize, this.size, q, radius, found);
    return [...found]
      .map(([slot, distance]) => ({ id: this.ids[slot], distance }))
      .sort(byDistanceThenId);
  }

  /** Folds pending additions into the tables and drops removed hashes. O(n · substrings). */
  seal(): void {
    if (this.liveCount < this.size) this.compact();
    this.trimToSize();
    const layout = createSubstringLayout(this.fixedSubstrings ?? substringCountForSize(this.size));
    const tables = layout.widths.map((width, t) => this.buildTable(layout, t, width));
    this.sealed = { layout, tables, sealedSize: this.size };
    this.sealCount++;
  }

  get lastQueryStats(): IndexQueryStats {
    return { verified: this.verified, usedTables: this.usedTables };
  }

  /** Bytes held by this index's arrays (capacity included). */
  memoryBytes(): number {
    let bytes =
      this.words.byteLength +
      this.ids.byteLength +
      this.alive.byteLength +
      this.slotOfId.byteLength;
    for (const table of this.sealed?.tables ?? [])
      bytes += table.offsets.byteLength + table.postings.byteLength;
    return bytes;
  }

  private sealIfPendingIsLarge(): void {
    const sealedSize = this.sealed?.sealedSize ?? 0;
    const pending = this.size - sealedSize;
    if (pending > Math.max(MIN_PENDING_BEFORE_SEAL, sealedSize / 8)) this.seal();
  }

  /** Large radii on wide substrings enumerate more buckets than there are hashes: scan instead. */
  private probesCostMoreThanScan(layout: SubstringLayout, radius: number, n: number): boolean {
    let probes = 0;
    const radii = substringRadii(layout, radius);
    for (let t = 0; t < layout.count; t++) {
      let term = 1;
      for (let k = 0; k <= radii[t]; k++) {
        probes += term;
        term = (term * (layout.widths[t] - k)) / (k + 1);
      }
    }
    return probes * 4 > n;
  }

  private buildTable(layout: SubstringLayout, t: number, width: number): SubstringTable {
    const offsets = new Uint32Array(2 ** width + 1);
    for (let slot = 0; slot < this.size; slot++) {
      const key = extractSubstring(layout, this.words, slot * 8, t);
      offsets[key + 1] = offsets[key + 1] + 1;
    }
    for (let k = 1; k < offsets.length; k++) offsets[k] = offsets[k] + offsets[k - 1];
    const next = offsets.slice(0, offsets.length - 1);
    const postings = new Uint32Array(this.size);
    for (let slot = 0; slot < this.size; slot++) {
      const key = extractSubstring(layout, this.words, slot * 8, t);
      postings[next[key]] = slot;
      next[key] = next[key] + 1;
    }
    return { offsets, postings };
  }

  private searchTables(
    sealed: SealedTables,
    q: Uint32Array,
    radius: number,
    found: Map<number, number>,
  ): void {
    const { layout, tables } = sealed;
    const radii = substringRadii(layout, radius);
    for (let t = 0; t < layout.count; t++) {
      const tableRadius = radii[t];
      if (tableRadius < 0) continue;
      const { offsets, postings } = tables[t];
      const width = layout.widths[t];
      const visit = (key: number): void => {
        for (let j = offsets[key], end = offsets[key + 1]; j < end; j++) {
          this.verify(postings[j], q, radius, found);
        }
      };
      // Every key within tableRadius bit flips of the query's substring, each exactly once.
      const flip = (key: number, fromBit: number, flipsLeft: number): void => {
        visit(key);
        if (flipsLeft === 0) return;
        for (let bit = fromBit; bit < width; bit++)
          flip((key ^ (1 << bit)) >>> 0, bit + 1, flipsLeft - 1);
      };
      flip(extractSubstring(layout, q, 0, t), 0, tableRadius);
    }
  }

  private scan(
    from: number,
    to: number,
    q: Uint32Array,
    radius: number,
    found: Map<number, number>,
  ): void {
    for (let slot = from; slot < to; slot++) this.verify(slot, q, radius, found);
  }

  private verify(slot: number, q: Uint32Array, radius: number, found: Map<number, number>): void {
    this.verified++;
    const distance = wordsDistance(this.words, slot * 8, q, 0, radius);
    // Alive is checked only for a hit: one random read of memory less for every other candidate,
    // which at 100 M hashes is most of a query's time.
    if (distance <= radius && this.alive[slot] !== 0) found.set(slot, distance);
  }

  /** Gives back the slack that doubling left, so a sealed index holds exactly what it stores. */
  private trimToSize(): void {
    if (this.ids.length === this.size) return;
    this.words = this.words.slice(0, this.size * 8);
    this.ids = this.ids.slice(0, this.size);
    this.alive = this.alive.slice(0, this.size);
  }

  /** Moves live hashes to the front, so removed ones cost neither memory nor time. */
  private compact(): void {
    let to = 0;
    for (let from = 0; from < this.size; from++) {
      if (this.alive[from] === 0) continue;
      if (to !== from) {
        this.words.copyWithin(to * 8, from * 8, from * 8 + 8);
        this.ids[to] = this.ids[from];
        this.alive[to] = 1;
        this.slotOfId[this.ids[to]] = to;
      }
      to++;
    }
    this.alive.fill(0, to, this.size);
    this.size = to;
  }
}

function byDistanceThenId(a: IndexMatch, b: IndexMatch): number {
  return a.distance - b.distance || a.id - b.id;
}
