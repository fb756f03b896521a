import type { Hash256 } from '../pdq/hash256.js';
import type { PdqIndex } from './pdq-index.js';

/** A stored hash near one of the query's rotations or flips. */
export interface DihedralMatch {
  readonly id: number;
  readonly distance: number;
  /** Index (0…7, order of DIHEDRAL_VARIANTS) of the query variant that came nearest. */
  readonly variant: number;
}

/**
 * Searches the index with each of a query image's eight dihedral hashes (from computePdqDihedral),
 * so a rotated or mirrored re-upload still matches. Each stored id is reported once, with the
 * nearest variant; ties go to the lower variant, so an unturned copy reports variant 0.
 */
export function queryDihedral(
  index: PdqIndex,
  variants: readonly Hash256[],
  radius: number,
): DihedralMatch[] {
  if (variants.length !== 8)
    throw new RangeError(`expected the 8 dihedral hashes, got ${variants.length}`);
  const best = new Map<number, DihedralMatch>();
  variants.forEach((hash, variant) => {
    for (const { id, distance } of index.query(hash, radius)) {
      const known = best.get(id);
      if (!known || distance < known.distance) best.set(id, { id, distance, variant });
    }
  });
  return [...best.values()].sort((a, b) => a.distance - b.distance || a.id - b.id);
}
