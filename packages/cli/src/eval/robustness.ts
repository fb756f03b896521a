import { readFile } from 'node:fs/promises';
import {
  computePdq,
  computePdqDihedral,
  hammingDistance,
  PDQ_MIN_QUALITY,
  type Hash256,
} from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { TRANSFORMS } from './image-transforms.js';

export interface TransformResult {
  readonly transform: string;
  readonly copies: number;
  /** Copies within the radius of their original, as uploaded. */
  readonly recall: number;
  /** The same, matching the original's 8 rotations and flips too (as screening does). */
  readonly recallDihedral: number;
  readonly medianDistance: number;
  /** Copies within the radius of some *other* original (with dihedral variants). */
  readonly falseMatches: number;
}

export interface RobustnessReport {
  readonly images: number;
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly error: string }>;
  readonly radius: number;
  readonly transforms: readonly TransformResult[];
  /** Pairs of distinct originals within the radius, of all pairs. */
  readonly distinctPairs: number;
  readonly distinctPairsMatching: number;
}

const pdqOf = async (bytes: Uint8Array) => computePdq(await decodeImage(bytes));
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[(s.length - 1) >> 1];
};

/**
 * Hashes each original and its altered copies and reports, per alteration, how many copies PDQ
 * still matches at the radius, and how often anything matches a different image.
 */
export async function evaluateRobustness(
  paths: readonly string[],
  options: { radius: number; transforms: readonly string[] },
): Promise<RobustnessReport> {
  const originals: Array<{ path: string; bytes: Uint8Array; variants: readonly Hash256[] }> = [];
  const skipped: Array<{ path: string; error: string }> = [];
  for (const path of paths) {
    try {
      const bytes = new Uint8Array(await readFile(path));
      const { hashes, quality } = computePdqDihedral(await decodeImage(bytes));
      if (quality < PDQ_MIN_QUALITY)
        throw new Error(`PDQ quality ${quality} is below ${PDQ_MIN_QUALITY}`);
      originals.push({ path, bytes, variants: hashes });
    } catch (error) {
      skipped.push({ path, error: (error as Error).message });
    }
  }
  const nearest = (hash: Hash256, variants: readonly Hash256[]) =>
    Math.min(...variants.map((v) => hammingDistance(hash, v)));
  const transforms: TransformResult[] = [];
  for (const name of options.transforms) {
    const transform = TRANSFORMS[name];
    if (!transform)
      throw new Error(`unknown transform "${name}" (known: ${Object.keys(TRANSFORMS).join(', ')})`);
    const distances: number[] = [];
    let dihedralHits = 0;
    let falseMatches = 0;
    for (const [i, original] of originals.entries()) {
      const copy = await pdqOf(new Uint8Array(await transform(original.bytes)));
      distances.push(hammingDistance(copy.hash, original.variants[0]));
      if (nearest(copy.hash, original.variants) <= options.radius) dihedralHits++;
      if (
        originals.some(
          (other, j) => j !== i && nearest(copy.hash, other.variants) <= options.radius,
        )
      )
        falseMatches++;
    }
    const n = originals.length;
    transforms.push({
      transform: name,
      copies: n,
      recall: n === 0 ? 0 : distances.filter((d) => d <= options.radius).length / n,
      recallDihedral: n === 0 ? 0 : dihedralHits / n,
      medianDistance: median(distances),
      falseMatches,
    });
  }
  let pairsMatching = 0;
  for (let i = 0; i < originals.length; i++)
    for (let j = i + 1; j < originals.length; j++)
      if (nearest(originals[i].variants[0], originals[j].variants) <= options.radius)
        pairsMatching++;
  return {
    images: originals.length,
    skipped,
    radius: options.radius,
    transforms,
    distinctPairs: (originals.length * (originals.length - 1)) / 2,
    distinctPairsMatching: pairsMatching,
  };
}
