import { hexToBytes } from '../hex.js';
import { slotsProblem } from './slot-check.js';

const EMPTY = -1;
const NO_SLOT = -1;
const MAX_ID = 0x7fffffff;

/** An index's arrays as they stand, for a snapshot file (see {@link ExactDigestIndex.fromState}). */
export interface ExactDigestIndexState {
  readonly byteLength: number;
  readonly size: number;
  readonly liveCount: number;
  readonly digests: Uint8Array<ArrayBuffer>;
  readonly ids: Uint32Array<ArrayBuffer>;
  readonly alive: Uint8Array<ArrayBuffer>;
  readonly slotOfId: Int32Array<ArrayBuffer>;
  /** The open-addressing table (a power of two in length). */
  readonly table: Int32Array<ArrayBuffer>;
}

/**
 * Exact-match index for fixed-length digests (MD5: 16 bytes, SHA-256: 32 bytes) in typed arrays:
 * the digests side by side, and an open-addressing table of slots keyed by the digest's first four
 * bytes (cryptographic digests are uniform, so they need no further hashing). About
 * `byteLength + 17` bytes per entry, against hundreds for a Map of hex strings.
 */
export class ExactDigestIndex {
  private digests: Uint8Array<ArrayBuffer>;
  private ids: Uint32Array<ArrayBuffer> = new Uint32Array(16);
  private alive: Uint8Array<ArrayBuffer> = new Uint8Array(16);
  private slotOfId: Int32Array<ArrayBuffer> = new Int32Array(0);
  private table: Int32Array<ArrayBuffer> = new Int32Array(32).fill(EMPTY);
  private size = 0;
  private liveCount = 0;

  /** @param byteLength 16 for MD5, 32 for SHA-256. */
  constructor(
    readonly byteLength: number,
    private readonly name = `${byteLength * 8}-bit digest`,
  ) {
    if (!Number.isInteger(byteLength) || byteLength < 4 || byteLength > 64) {
      throw new RangeError(`digest length must be 4…64 bytes, got ${byteLength}`);
    }
    this.digests = new Uint8Array(16 * byteLength);
  }

  /**
   * An index restored from {@link state}'s arrays (taken over, not copied); a RangeError when they
   * do not fit together.
   */
  static fromState(state: ExactDigestIndexState, name?: string): ExactDigestIndex {
    const { byteLength, size, liveCount, digests, ids, alive, slotOfId, table } = state;
    const refuse = (why: string): never => {
      throw new RangeError(`digest index state: ${why}`);
    };
    const index = new ExactDigestIndex(byteLength, name);
    const problem = slotsProblem(state, 'digests');
    if (problem) refuse(problem);
    if (digests.length < size * byteLength) refuse(`arrays shorter than its ${size} digests`);
    if (table.length < 32 || (table.length & (table.length - 1)) !== 0 || size * 2 > table.length)
      refuse(`a table of ${table.length} for ${size} digests`);
    for (let i = 0; i < table.length; i++)
      if (table[i] !== EMPTY && (table[i] < 0 || table[i] >= size)) refuse(`table entry ${i}`);
    index.digests = digests;
    index.ids = ids;
    index.alive = alive;
    index.slotOfId = slotOfId;
    index.table = table;
    index.size = size;
    index.liveCount = liveCount;
    return index;
  }

  /** The arrays to snapshot (views, not copies: write them out before the index changes again). */
  state(): ExactDigestIndexState {
    return {
      byteLength: this.byteLength,
      size: this.size,
      liveCount: this.liveCount,
      digests: this.digests.subarray(0, this.size * this.byteLength),
      ids: this.ids.subarray(0, this.size),
      alive: this.alive.subarray(0, this.size),
      slotOfId: this.slotOfId,
      table: this.table,
    };
  }

  get count(): number {
    return this.liveCount;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.slotOfId.length && this.slotOfId[id] !== NO_SLOT;
  }

  /** Adds `digest` (bytes or hex) under `id`; the same digest may be stored under several ids. */
  add(id: number, digest: Uint8Array | string): void {
    const bytes = this.toBytes(digest);
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      throw new RangeError(`index id must be a whole number 0…${MAX_ID}, got ${id}`);
    }
    if (this.has(id)) throw new RangeError(`id ${id} is already in the index`);
    if ((this.size + 1) * 2 > this.table.length)
      this.rehash(Math.max(this.table.length * 2, (this.liveCount + 1) * 4));
    const slot = this.size++;
    this.ensureCapacity(slot + 1, id + 1);
    this.digests.set(bytes, slot * this.byteLength);
    this.ids[slot] = id;
    this.alive[slot] = 1;
    this.slotOfId[id] = slot;
    this.liveCount++;
    this.insertSlot(slot);
  }

  /** Stops `id` from matching at once. Returns false if it was not in the index. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.alive[this.slotOfId[id]] = 0;
    this.slotOfId[id] = NO_SLOT;
    this.liveCount--;
    return true;
  }

  /** Ids stored under exactly this digest, ascending. */
  lookup(digest: Uint8Array | string): number[] {
    const bytes = this.toBytes(digest);
    const mask = this.table.length - 1;
    const found: number[] = [];
    for (let i = this.home(bytes, 0); ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot === EMPTY) break;
      if (this.alive[slot] === 1 && this.equalsAt(slot, bytes)) found.push(this.ids[slot]);
    }
    return found.sort((a, b) => a - b);
  }

  memoryBytes(): number {
    return (
      this.digests.byteLength +
      this.ids.byteLength +
      this.alive.byteLength +
      this.slotOfId.byteLength +
      this.table.byteLength
    );
  }

  private toBytes(digest: Uint8Array | string): Uint8Array {
    if (typeof digest === 'string') return hexToBytes(digest, this.byteLength, this.name);
    if (!(digest instanceof Uint8Array) || digest.length !== this.byteLength) {
      throw new RangeError(`${this.name} must be ${this.byteLength} bytes`);
    }
    return digest;
  }

  private home(bytes: Uint8Array, at: number): number {
    const key = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    return (key >>> 0) & (this.table.length - 1);
  }

  private equalsAt(slot: number, bytes: Uint8Array): boolean {
    const base = slot * this.byteLength;
    for (let b = 0; b < this.byteLength; b++) if (this.digests[base + b] !== bytes[b]) return false;
    return true;
  }

  private insertSlot(slot: number): void {
    const mask = this.table.length - 1;
    let i = this.home(this.digests, slot * this.byteLength);
    while (this.table[i] !== EMPTY) i = (i + 1) & mask;
    this.table[i] = slot;
  }

  /** Rebuilds the table at `minSize` (a power of two), dropping removed entries' slots from it. */
  private rehash(minSize: number): void {
    let size = 32;
    while (size < minSize) size *= 2;
    this.table = new Int32Array(size).fill(EMPTY);
    for (let slot = 0; slot < this.size; slot++) if (this.alive[slot] === 1) this.insertSlot(slot);
  }

  private ensureCapacity(slots: number, ids: number): void {
    if (this.ids.length < slots) {
      const capacity = Math.max(slots, this.ids.length * 2);
      const digests = new Uint8Array(capacity * this.byteLength);
      digests.set(this.digests);
      this.digests = digests;
      const nextIds = new Uint32Array(capacity);
      nextIds.set(this.ids);
      this.ids = nextIds;
      const alive = new Uint8Array(capacity);
      alive.set(this.alive);
      this.alive = alive;
    }
    if (this.slotOfId.length < ids) {
      const next = new Int32Array(Math.max(ids, this.slotOfId.length * 2)).fill(NO_SLOT);
      next.set(this.slotOfId);
      this.slotOfId = next;
    }
  }
}
