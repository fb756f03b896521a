import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { computePdq, computePdqDihedral, md5Hex, sha256Hex } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { median, measureMs, ms, perSecond, printTable, ratio } from './lib/measure.js';

/** Decode and hash separately over real photos; baseline: decoding, the step hashing adds to. */
export async function benchPhotos(photosDir: string): Promise<void> {
  const names = (await readdir(photosDir)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  const stages = {
    decode: [] as number[],
    pdq: [] as number[],
    dihedral: [] as number[],
    digests: [] as number[],
  };
  for (const name of names) {
    const bytes = new Uint8Array(await readFile(join(photosDir, name)));
    const image = await decodeImage(bytes);
    stages.decode.push(await measureMs(() => decodeImage(bytes), { minTimeMs: 50 }));
    stages.pdq.push(await measureMs(() => computePdq(image), { minTimeMs: 50 }));
    stages.dihedral.push(await measureMs(() => computePdqDihedral(image), { minTimeMs: 50 }));
    stages.digests.push(
      await measureMs(() => [md5Hex(bytes), sha256Hex(bytes)], { minTimeMs: 50 }),
    );
  }
  const decode = median(stages.decode);
  const rows = (
    [
      ['decode (sharp, first frame → RGB)', decode],
      ['PDQ hash (pure TS)', median(stages.pdq)],
      ['PDQ + 8 dihedral hashes', median(stages.dihedral)],
      ['MD5 + SHA-256 of the file (pure TS)', median(stages.digests)],
    ] as const
  ).map(([stage, t]) => [stage, ms(t), perSecond(t), ratio(t / decode)]);
  printTable(
    `Per image over ${names.length} photos in ${photosDir} (median of per-photo medians, one thread)`,
    ['stage', 'ms/image', 'images/s', 'vs decode'],
    rows,
  );
}
