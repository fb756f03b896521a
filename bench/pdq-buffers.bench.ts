import { computePdq, computePdqDihedral } from '@haechi/hashing';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { measureMs, ms, perSecond, printTable, ratio } from './lib/measure.js';

/** Pure-TypeScript PDQ on decoded RGB buffers of growing size; baseline: the 64×64 buffer. */
export async function benchPdqBuffers(): Promise<void> {
  const rows: string[][] = [];
  let baseline = 0;
  for (const side of [64, 128, 256, 512, 1024]) {
    const image = syntheticImage(side, side, 3);
    const plain = await measureMs(() => computePdq(image));
    const dihedral = await measureMs(() => computePdqDihedral(image));
    baseline ||= plain;
    rows.push([
      `${side}×${side}`,
      ms(plain),
      perSecond(plain),
      ms(dihedral),
      ratio(dihedral / plain),
      ratio(plain / baseline),
    ]);
  }
  printTable(
    'PDQ in pure TypeScript, per RGB buffer (median)',
    ['buffer', 'PDQ ms', 'hashes/s', 'PDQ + 8 dihedral ms', 'dihedral / PDQ', 'vs 64×64'],
    rows,
  );
}
