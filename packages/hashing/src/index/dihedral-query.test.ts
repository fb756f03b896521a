import { describe, expect, it } from 'vitest';
import { syntheticImage, transformImage } from '@haechi/testkit/synthetic-images';
import { computePdq, computePdqDihedral } from '../pdq/pdq-hasher.js';
import { queryDihedral } from './dihedral-query.js';
import { PdqIndex } from './pdq-index.js';

describe('queryDihedral', () => {
  const original = syntheticImage(300, 300, 3);
  const index = new PdqIndex();
  index.add(1, computePdq(original).hash);
  index.add(2, computePdq(syntheticImage(300, 300, 1)).hash);

  it('matches a mirrored re-upload through the variant that undoes the mirror', () => {
    const mirrored = transformImage(original, (x, y, w) => [w - 1 - x, y], false);
    const plain = index.query(computePdq(mirrored).hash, 31);
    expect(plain).toEqual([]);
    expect(queryDihedral(index, computePdqDihedral(mirrored).hashes, 31)).toEqual([
      { id: 1, distance: 0, variant: 5 },
    ]);
  });

  it('matches a rotated re-upload', () => {
    const rotated = transformImage(original, (x, y, w) => [y, w - 1 - x], true);
    expect(queryDihedral(index, computePdqDihedral(rotated).hashes, 31)).toEqual([
      { id: 1, distance: 0, variant: 1 },
    ]);
  });

  it('reports an unturned copy as variant 0', () => {
    expect(queryDihedral(index, computePdqDihedral(original).hashes, 31)).toEqual([
      { id: 1, distance: 0, variant: 0 },
    ]);
  });

  it('wants all eight hashes', () => {
    expect(() => queryDihedral(index, [computePdq(original).hash], 31)).toThrow(
      'expected the 8 dihedral hashes, got 1',
    );
  });
});
