import type { BankStore } from '@haechi/core';
import { formatVpdqSignal, parseVpdqSignal } from '@haechi/exchange';
import { VpdqIndex, type ExactDigestIndex, type PdqIndex } from '@haechi/hashing';
import {
  array,
  digestFromSections,
  digestSections,
  pdqFromSections,
  pdqSections,
  type DigestIndexMeta,
  type PdqIndexMeta,
} from './index-sections.js';
import {
  SnapshotError,
  readSnapshotFile,
  writeSnapshotFile,
  type SnapshotArray,
} from './snapshot-file.js';

/** What a BankMatcher holds, as its snapshot keeps it. */
export interface MatcherTables {
  readonly pdq: PdqIndex;
  /** The crops' hashes of PDQ entries, under slot ids of their own. */
  readonly derived: PdqIndex;
  readonly md5: ExactDigestIndex;
  readonly sha256: ExactDigestIndex;
  readonly vpdq: VpdqIndex;
  readonly bankOf: Int32Array<ArrayBuffer>;
  /** Each derived slot's entry, and its crop as an index into `cropNames`. */
  readonly ownerOf: Int32Array<ArrayBuffer>;
  readonly cropOf: Uint8Array<ArrayBuffer>;
  readonly cropNames: readonly string[];
  readonly nextSlot: number;
  readonly newestBank: number;
  /** The change-feed position the tables hold. */
  readonly seq: number;
}

/** The snapshot header's meta (version 1). */
interface SnapshotMeta {
  readonly version: 1;
  readonly seq: number;
  /** The change at `seq`, to know its store again. */
  readonly lastChange: {
    readonly entryId: number;
    readonly kind: string;
    readonly signal: string;
  } | null;
  readonly newestBank: number;
  readonly nextSlot: number;
  readonly cropNames: readonly string[];
  readonly pdq: PdqIndexMeta;
  readonly derived: PdqIndexMeta;
  readonly md5: DigestIndexMeta;
  readonly sha256: DigestIndexMeta;
}

/** Writes the tables to `path` (see writeSnapshotFile); the file's size in bytes. */
export async function writeMatcherSnapshot(
  path: string,
  tables: MatcherTables,
  store: BankStore,
): Promise<number> {
  const arrays = new Map<string, SnapshotArray>();
  const pdq = pdqSections('pdq', tables.pdq, arrays);
  const derived = pdqSections('derived', tables.derived, arrays);
  const md5 = digestSections('md5', tables.md5, arrays);
  const sha256 = digestSections('sha256', tables.sha256, arrays);
  arrays.set('bankOf', tables.bankOf);
  arrays.set('ownerOf', tables.ownerOf);
  arrays.set('cropOf', tables.cropOf);
  // vPDQ banks are small (a hash per kept frame of a few videos): kept as their signals.
  const videos = [...tables.vpdq.entries()].map(([id, features]) => [
    id,
    formatVpdqSignal(features),
  ]);
  arrays.set('vpdq', new TextEncoder().encode(JSON.stringify(videos)));
  const { seq } = tables;
  const [last] = seq > 0 ? await store.changesSince(seq - 1, 1) : [];
  const meta: SnapshotMeta = {
    version: 1,
    seq,
    lastChange:
      last?.seq === seq
        ? { entryId: last.entry.id, kind: last.kind, signal: last.entry.signal }
        : null,
    newestBank: tables.newestBank,
    nextSlot: tables.nextSlot,
    cropNames: tables.cropNames,
    pdq,
    derived,
    md5,
    sha256,
  };
  return writeSnapshotFile(path, meta, arrays);
}

/**
 * The tables of a snapshot file, if it is sound and holds a position of this store's feed; a
 * SnapshotError (or the indexes' RangeError) says why not.
 */
export async function readMatcherSnapshot(path: string, store: BankStore): Promise<MatcherTables> {
  const { meta: raw, arrays } = await readSnapshotFile(path);
  const meta = raw as SnapshotMeta;
  if (meta?.version !== 1) throw new SnapshotError(`${path} is of another version`);
  const latest = await store.latestChangeSeq();
  if (latest < meta.seq)
    throw new SnapshotError(
      `the store's change feed ends at ${latest}, before the snapshot's ${meta.seq} (another or restored database)`,
    );
  if (meta.seq > 0) {
    const [change] = await store.changesSince(meta.seq - 1, 1);
    if (
      !meta.lastChange ||
      change?.seq !== meta.seq ||
      change.entry.id !== meta.lastChange.entryId ||
      change.kind !== meta.lastChange.kind ||
      change.entry.signal !== meta.lastChange.signal
    )
      throw new SnapshotError(
        `change ${meta.seq} of the store is not the snapshot's (another database)`,
      );
  }
  const ownerOf = array(arrays, 'ownerOf', Int32Array);
  const cropOf = array(arrays, 'cropOf', Uint8Array);
  if (cropOf.length !== ownerOf.length || meta.nextSlot > ownerOf.length)
    throw new SnapshotError(`${path}: the crops' arrays do not fit together`);
  const vpdq = new VpdqIndex();
  const videos = JSON.parse(new TextDecoder().decode(array(arrays, 'vpdq', Uint8Array))) as Array<
    [number, string]
  >;
  for (const [id, signal] of videos) vpdq.add(id, parseVpdqSignal(signal));
  return {
    pdq: pdqFromSections('pdq', meta.pdq, arrays),
    derived: pdqFromSections('derived', meta.derived, arrays),
    md5: digestFromSections('md5', meta.md5, arrays, 'MD5'),
    sha256: digestFromSections('sha256', meta.sha256, arrays, 'SHA-256'),
    vpdq,
    bankOf: array(arrays, 'bankOf', Int32Array),
    ownerOf,
    cropOf,
    cropNames: [...meta.cropNames],
    nextSlot: meta.nextSlot,
    newestBank: meta.newestBank,
    seq: meta.seq,
  };
}
