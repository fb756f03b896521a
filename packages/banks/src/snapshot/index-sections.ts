import {
  ExactDigestIndex,
  PdqIndex,
  type ExactDigestIndexState,
  type PdqIndexState,
} from '@haechi/hashing';
import { SnapshotError, type SnapshotArray } from './snapshot-file.js';

/** What a snapshot's header keeps of a PDQ index besides its arrays. */
export interface PdqIndexMeta {
  readonly size: number;
  readonly liveCount: number;
  readonly fixedSubstrings: number | null;
  readonly sealed: { readonly substrings: number; readonly sealedSize: number } | null;
}

/** What a snapshot's header keeps of a digest index besides its arrays. */
export interface DigestIndexMeta {
  readonly byteLength: number;
  readonly size: number;
  readonly liveCount: number;
}

/** A PDQ index's arrays under `prefix.`, and what the header needs to read them back. */
export function pdqSections(
  prefix: string,
  index: PdqIndex,
  into: Map<string, SnapshotArray>,
): PdqIndexMeta {
  const state = index.state();
  into.set(`${prefix}.words`, state.words);
  into.set(`${prefix}.ids`, state.ids);
  into.set(`${prefix}.alive`, state.alive);
  into.set(`${prefix}.slotOfId`, state.slotOfId);
  state.sealed?.offsets.forEach((offsets, t) => into.set(`${prefix}.offsets.${t}`, offsets));
  state.sealed?.postings.forEach((postings, t) => into.set(`${prefix}.postings.${t}`, postings));
  return {
    size: state.size,
    liveCount: state.liveCount,
    fixedSubstrings: state.fixedSubstrings,
    sealed: state.sealed && {
      substrings: state.sealed.substrings,
      sealedSize: state.sealed.sealedSize,
    },
  };
}

export function pdqFromSections(
  prefix: string,
  meta: PdqIndexMeta,
  arrays: ReadonlyMap<string, SnapshotArray>,
): PdqIndex {
  const state: PdqIndexState = {
    size: meta.size,
    liveCount: meta.liveCount,
    fixedSubstrings: meta.fixedSubstrings,
    words: array(arrays, `${prefix}.words`, Uint32Array),
    ids: array(arrays, `${prefix}.ids`, Uint32Array),
    alive: array(arrays, `${prefix}.alive`, Uint8Array),
    slotOfId: array(arrays, `${prefix}.slotOfId`, Int32Array),
    sealed: meta.sealed && {
      substrings: meta.sealed.substrings,
      sealedSize: meta.sealed.sealedSize,
      offsets: tables(arrays, `${prefix}.offsets`, meta.sealed.substrings),
      postings: tables(arrays, `${prefix}.postings`, meta.sealed.substrings),
    },
  };
  return PdqIndex.fromState(state);
}

export function digestSections(
  prefix: string,
  index: ExactDigestIndex,
  into: Map<string, SnapshotArray>,
): DigestIndexMeta {
  const state = index.state();
  into.set(`${prefix}.digests`, state.digests);
  into.set(`${prefix}.ids`, state.ids);
  into.set(`${prefix}.alive`, state.alive);
  into.set(`${prefix}.slotOfId`, state.slotOfId);
  into.set(`${prefix}.table`, state.table);
  return { byteLength: state.byteLength, size: state.size, liveCount: state.liveCount };
}

export function digestFromSections(
  prefix: string,
  meta: DigestIndexMeta,
  arrays: ReadonlyMap<string, SnapshotArray>,
  name: string,
): ExactDigestIndex {
  const state: ExactDigestIndexState = {
    ...meta,
    digests: array(arrays, `${prefix}.digests`, Uint8Array),
    ids: array(arrays, `${prefix}.ids`, Uint32Array),
    alive: array(arrays, `${prefix}.alive`, Uint8Array),
    slotOfId: array(arrays, `${prefix}.slotOfId`, Int32Array),
    table: array(arrays, `${prefix}.table`, Int32Array),
  };
  return ExactDigestIndex.fromState(state, name);
}

/** A named array of the expected type, or a SnapshotError. */
export function array<T extends SnapshotArray>(
  arrays: ReadonlyMap<string, SnapshotArray>,
  name: string,
  type: new (length: number) => T,
): T {
  const found = arrays.get(name);
  if (!(found instanceof type)) throw new SnapshotError(`the snapshot has no ${name} of its type`);
  return found;
}

function tables(
  arrays: ReadonlyMap<string, SnapshotArray>,
  prefix: string,
  count: number,
): Uint32Array<ArrayBuffer>[] {
  return Array.from({ length: count }, (_, t) => array(arrays, `${prefix}.${t}`, Uint32Array));
}
