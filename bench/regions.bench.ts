import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  computeEnrolmentCrops,
  computePdqDihedral,
  computePdqWithRegions,
  findContentRegions,
  type PixelImage,
} from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { border, screenshot } from '../packages/cli/src/eval/made-variants.js';
import { median, measureMs, ms, printTable, ratio } from './lib/measure.js';

/**
 * What looking at the right pixels costs per image: content regions (found, then hashed) beside
 * today's whole-image dihedral PDQ, on the photos as they are (no region to find: the common
 * upload) and on bordered and screenshot copies of them; and the enrolment crops. Baseline: the
 * dihedral PDQ of the same image, measured in the same run.
 */
export async function benchRegions(photosDir: string): Promise<void> {
  const names = (await readdir(photosDir)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  const sets: Record<string, PixelImage[]> = { photos: [], bordered: [], screenshots: [] };
  for (const name of names) {
    const bytes = new Uint8Array(await readFile(join(photosDir, name)));
    sets['photos']?.push(await decodeImage(bytes));
    sets['bordered']?.push(await decodeImage(new Uint8Array(await border(bytes))));
    sets['screenshots']?.push(await decodeImage(new Uint8Array(await screenshot(bytes))));
  }
  const rows: string[][] = [];
  for (const [set, images] of Object.entries(sets)) {
    const base: number[] = [];
    const find: number[] = [];
    const all: number[] = [];
    let regions = 0;
    for (const image of images) {
      base.push(await measureMs(() => computePdqDihedral(image), { minTimeMs: 40 }));
      find.push(await measureMs(() => findContentRegions(image), { minTimeMs: 40 }));
      all.push(await measureMs(() => computePdqWithRegions(image), { minTimeMs: 40 }));
      regions += findContentRegions(image).length;
    }
    const b = median(base);
    rows.push([
      set,
      (regions / images.length).toFixed(2),
      ms(b),
      ms(median(find)),
      ms(median(all)),
      ratio(median(all) / b),
    ]);
  }
  printTable(
    `Content regions per image over ${names.length} photos (median of per-image medians, one thread)`,
    [
      'images',
      'regions found',
      'dihedral PDQ (today) ms',
      'finding regions ms',
      'whole + regions ms',
      'vs today',
    ],
    rows,
  );
  const photos = sets['photos'] ?? [];
  const pdq: number[] = [];
  const crops: number[] = [];
  for (const image of photos) {
    pdq.push(await measureMs(() => computePdqDihedral(image), { minTimeMs: 40 }));
    crops.push(await measureMs(() => computeEnrolmentCrops(image), { minTimeMs: 40 }));
  }
  printTable(
    'Enrolment crops (once per banked picture, never per upload)',
    ['step', 'ms/image', 'vs dihedral PDQ'],
    [
      ['dihedral PDQ', ms(median(pdq)), ratio(1)],
      ['6 crop hashes', ms(median(crops)), ratio(median(crops) / median(pdq))],
    ],
  );
}
