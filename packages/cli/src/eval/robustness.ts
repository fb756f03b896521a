import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  computeEnrolmentCrops,
  computePdqDihedral,
  computePdqWithRegions,
  hammingDistance,
  PDQ_MIN_QUALITY,
  type Hash256,
  type PixelImage,
} from '@haechi/hashing';
import { decodeAnimationFrames, decodeVideoFrames, sniffMediaKind } from '@haechi/media';
import { TRANSFORMS } from './image-transforms.js';

export interface TransformResult {
  readonly transform: string;
  readonly copies: number;
  /** Copies within the radius of their original, as uploaded (the first frame of an animation). */
  readonly recall: number;
  /** The same, matching the original's 8 rotations and flips too. */
  readonly recallDihedral: number;
  /**
   * With every step screening takes: each frame of an animation or video, content regions,
   * the original's enrolled crops, and rotations and flips.
   */
  readonly recallFull: number;
  readonly medianDistance: number;
  /** Copies that match some *other* original with every step screening takes. */
  readonly falseMatches: number;
}

export interface RobustnessReport {
  readonly images: number;
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly error: string }>;
  readonly radius: number;
  readonly transforms: readonly TransformResult[];
  /** Pairs of distinct originals, and those within the radius (as uploaded, with dihedral). */
  readonly distinctPairs: number;
  readonly distinctPairsMatching: number;
  /** Pairs of distinct originals where one, screened with every step, matches the other's entry. */
  readonly distinctPairsMatchingFull: number;
}

/** An original as a bank holds it: its hash, its 8 dihedral hashes and its enrolled crops. */
interface Enrolled {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly dihedral: readonly Hash256[];
  /** Variant 0 and the crops: what the bank stores for this image. */
  readonly stored: readonly Hash256[];
  /** Its own hashes as an upload, every step (to find distinct images that match). */
  readonly query: readonly Hash256[];
}

/** What screening queries for a copy: before this release and now. */
interface CopyHashes {
  /** The whole first frame (images, animations) or every sampled frame (video), as uploaded. */
  readonly asUploaded: readonly Hash256[];
  /** The same frames' 8 dihedral hashes. */
  readonly dihedral: readonly Hash256[];
  /** Every sampled frame, whole and its content regions, 8 dihedral hashes each. */
  readonly full: readonly Hash256[];
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[(s.length - 1) >> 1];
};
const stem = (path: string) => basename(path, extname(path));
const nearest = (queries: readonly Hash256[], stored: readonly Hash256[]) => {
  let best = 256;
  for (const q of queries) for (const s of stored) best = Math.min(best, hammingDistance(q, s));
  return best;
};

/** Frames of any upload, as screening samples them; `first` is what it saw before animations. */
async function framesOf(bytes: Uint8Array): Promise<{ frames: PixelImage[]; firstOnly: boolean }> {
  if (sniffMediaKind(bytes) === 'video') {
    const video = await decodeVideoFrames(bytes);
    return { frames: video.frames.map((f) => f.image), firstOnly: false };
  }
  const animation = await decodeAnimationFrames(bytes);
  return { frames: animation.frames.map((f) => f.image), firstOnly: true };
}

async function copyHashes(bytes: Uint8Array): Promise<CopyHashes> {
  const { frames, firstOnly } = await framesOf(bytes);
  const seen = firstOnly ? frames.slice(0, 1) : frames;
  const asUploaded: Hash256[] = [];
  const dihedral: Hash256[] = [];
  for (const frame of seen) {
    const { hashes, quality } = computePdqDihedral(frame);
    if (quality < PDQ_MIN_QUALITY && !firstOnly) continue;
    asUploaded.push(hashes[0]);
    dihedral.push(...hashes);
  }
  const full: Hash256[] = [];
  for (const frame of frames)
    for (const { hashes, quality } of computePdqWithRegions(frame))
      if (quality >= PDQ_MIN_QUALITY || frames.length === 1) full.push(...hashes);
  return { asUploaded, dihedral, full };
}

async function enrol(path: string): Promise<Enrolled> {
  const bytes = new Uint8Array(await readFile(path));
  const { frames } = await framesOf(bytes);
  const image = frames[0];
  const { hashes, quality } = computePdqDihedral(image);
  if (quality < PDQ_MIN_QUALITY)
    throw new Error(`PDQ quality ${quality} is below ${PDQ_MIN_QUALITY}`);
  const crops = computeEnrolmentCrops(image).map((c) => c.hash);
  const query = computePdqWithRegions(image)
    .filter((r) => r.quality >= PDQ_MIN_QUALITY)
    .flatMap((r) => r.hashes);
  return { name: stem(path), path, bytes, dihedral: hashes, stored: [hashes[0], ...crops], query };
}

/** The copies of one alteration: made from the originals, or read from `DIR/<alteration>/`. */
type CopySource = (original: Enrolled) => Promise<Uint8Array | null>;

function madeCopies(name: string): CopySource {
  const transform = TRANSFORMS[name];
  if (!transform)
    throw new Error(`unknown transform "${name}" (known: ${Object.keys(TRANSFORMS).join(', ')})`);
  return async (original) => new Uint8Array(await transform(original.bytes));
}

/** Copies named like their originals (any extension) in one folder; an original without one is left out. */
async function readCopies(folder: string): Promise<CopySource> {
  const byStem = new Map<string, string>();
  for (const file of (await readdir(folder)).sort()) byStem.set(stem(file), join(folder, file));
  return async (original) => {
    const file = byStem.get(original.name);
    return file ? new Uint8Array(await readFile(file)) : null;
  };
}

async function measure(
  transform: string,
  originals: readonly Enrolled[],
  copyOf: CopySource,
  radius: number,
  skipped: Array<{ path: string; error: string }>,
): Promise<TransformResult> {
  const distances: number[] = [];
  let copies = 0;
  let dihedralHits = 0;
  let fullHits = 0;
  let falseMatches = 0;
  for (const [i, original] of originals.entries()) {
    const bytes = await copyOf(original);
    if (!bytes) continue;
    let copy: CopyHashes;
    try {
      copy = await copyHashes(bytes);
    } catch (error) {
      skipped.push({ path: `${transform}/${original.name}`, error: (error as Error).message });
      continue;
    }
    copies++;
    distances.push(nearest(copy.asUploaded, original.dihedral.slice(0, 1)));
    if (nearest(copy.dihedral, original.dihedral.slice(0, 1)) <= radius) dihedralHits++;
    if (nearest(copy.full, original.stored) <= radius) fullHits++;
    if (originals.some((other, j) => j !== i && nearest(copy.full, other.stored) <= radius))
      falseMatches++;
  }
  const share = (k: number) => (copies === 0 ? 0 : k / copies);
  return {
    transform,
    copies,
    recall: share(distances.filter((d) => d <= radius).length),
    recallDihedral: share(dihedralHits),
    recallFull: share(fullHits),
    medianDistance: median(distances),
    falseMatches,
  };
}

/**
 * Hashes each original and altered copies of it and reports, per alteration, how many copies
 * still match their original at the radius (as uploaded, with dihedral variants, and with every
 * step screening takes), and how often a copy or an original matches a different image.
 * Copies are made by the built-in `transforms`, or read from `variantsDir`'s sub-folders (one per
 * alteration, files named like the originals).
 */
export async function evaluateRobustness(
  paths: readonly string[],
  options: { radius: number; transforms: readonly string[]; variantsDir?: string },
): Promise<RobustnessReport> {
  const originals: Enrolled[] = [];
  const skipped: Array<{ path: string; error: string }> = [];
  for (const path of paths) {
    try {
      originals.push(await enrol(path));
    } catch (error) {
      skipped.push({ path, error: (error as Error).message });
    }
  }
  const sources: Array<[string, CopySource]> = [];
  if (options.variantsDir) {
    const entries = await readdir(options.variantsDir, { withFileTypes: true });
    for (const entry of entries
      .filter((e) => e.isDirectory())
      .sort((a, b) => (a.name < b.name ? -1 : 1)))
      sources.push([entry.name, await readCopies(join(options.variantsDir, entry.name))]);
  } else {
    for (const name of options.transforms) sources.push([name, madeCopies(name)]);
  }
  const transforms: TransformResult[] = [];
  for (const [name, source] of sources)
    transforms.push(await measure(name, originals, source, options.radius, skipped));
  let pairsMatching = 0;
  let pairsMatchingFull = 0;
  for (let i = 0; i < originals.length; i++)
    for (let j = i + 1; j < originals.length; j++) {
      const [a, b] = [originals[i], originals[j]];
      if (nearest(a.dihedral.slice(0, 1), b.dihedral) <= options.radius) pairsMatching++;
      if (
        nearest(a.query, b.stored) <= options.radius ||
        nearest(b.query, a.stored) <= options.radius
      )
        pairsMatchingFull++;
    }
  return {
    images: originals.length,
    skipped,
    radius: options.radius,
    transforms,
    distinctPairs: (originals.length * (originals.length - 1)) / 2,
    distinctPairsMatching: pairsMatching,
    distinctPairsMatchingFull: pairsMatchingFull,
  };
}
