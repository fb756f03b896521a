// `npm run eval:crop-sets [FOLDER…]`: which crops to enrol beside a picture. For each candidate set,
// the share of cut-down copies that match their original, the false matches among all pairs of
// distinct images (originals and copies, with content regions and dihedral variants, as screening
// queries), and the bank size per picture. Default folders: ../shared/testdata's photos and faces.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ENROLMENT_CROPS,
  PDQ_MATCH_RADIUS,
  PDQ_MIN_QUALITY,
  computeEnrolmentCrops,
  computePdqDihedral,
  computePdqWithRegions,
  cropImage,
  cropRegion,
  hammingDistance,
  type CropGeometry,
  type Hash256,
  type PixelImage,
} from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import sharp from 'sharp';
import { printTable } from './lib/measure.js';

type Named = CropGeometry & { readonly name: string };
const crop = (name: string, w: number, h: number, x: number, y: number): Named => ({
  name,
  w,
  h,
  x,
  y,
});
const corners85 = [
  crop('top-left-85', 0.85, 0.85, 0, 0),
  crop('top-right-85', 0.85, 0.85, 1, 0),
  crop('bottom-left-85', 0.85, 0.85, 0, 1),
  crop('bottom-right-85', 0.85, 0.85, 1, 1),
];
const centres = [crop('centre-90', 0.9, 0.9, 0.5, 0.5), crop('centre-80', 0.8, 0.8, 0.5, 0.5)];
const SETS: Record<string, readonly Named[]> = {
  none: [],
  'centres + 85 % corners': [...centres, ...corners85],
  'centres + 90 % sides (chosen)': ENROLMENT_CROPS,
  'centres + corners + sides': [...ENROLMENT_CROPS, ...corners85],
};
/** How copies come back cut down (JPEG quality 85 after the cut). */
const CUTS: readonly Named[] = [
  crop('centre 10 %', 0.9, 0.9, 0.5, 0.5),
  crop('centre 20 %', 0.8, 0.8, 0.5, 0.5),
  crop('centre 15 %', 0.85, 0.85, 0.5, 0.5),
  crop('10 % off the right', 0.9, 1, 0, 0.5),
  crop('10 % off the top', 1, 0.9, 0.5, 1),
  crop('20 % off the left', 0.8, 1, 1, 0.5),
  crop('corner 10 %', 0.9, 0.9, 0, 0),
];

const folders =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['photos', 'faces-calib', 'faces'].map((f) =>
        fileURLToPath(new URL(`../../shared/testdata/${f}`, import.meta.url)),
      );

async function* imagesIn(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile() && /\.(jpe?g|png|webp)$/i.test(entry.name))
      yield join(entry.parentPath, entry.name);
}

interface Item {
  readonly own: Hash256;
  readonly query: readonly Hash256[];
  readonly stored: Readonly<Record<string, readonly Hash256[]>>;
  readonly copies: readonly (readonly Hash256[])[];
}

async function jpegOf(image: PixelImage): Promise<PixelImage> {
  const { width, height, channels } = image;
  const bytes = await sharp(image.data, { raw: { width, height, channels } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return decodeImage(new Uint8Array(bytes));
}

const items: Item[] = [];
for (const folder of folders)
  for await (const path of imagesIn(folder)) {
    const image = await decodeImage(new Uint8Array(await readFile(path)));
    const { hashes, quality } = computePdqDihedral(image);
    if (quality < PDQ_MIN_QUALITY) continue;
    const stored: Record<string, Hash256[]> = {};
    for (const [set, crops] of Object.entries(SETS))
      stored[set] = [hashes[0], ...computeEnrolmentCrops(image, crops).map((c) => c.hash)];
    const copies: Hash256[][] = [];
    for (const cut of CUTS) {
      const copy = await jpegOf(cropImage(image, cropRegion(image.width, image.height, cut)));
      copies.push(computePdqWithRegions(copy).flatMap((r) => r.hashes));
    }
    const query = computePdqWithRegions(image).flatMap((r) => r.hashes);
    items.push({ own: hashes[0], query, stored, copies });
  }

const matches = (queries: readonly Hash256[], stored: readonly Hash256[]) =>
  queries.some((q) => stored.some((s) => hammingDistance(q, s) <= PDQ_MATCH_RADIUS));
const rows: string[][] = [];
for (const set of Object.keys(SETS)) {
  const recall = CUTS.map(
    (_, c) =>
      items.filter((it) => matches(it.copies[c] ?? [], it.stored[set] ?? [])).length / items.length,
  );
  let falseOriginals = 0;
  let falseCopies = 0;
  for (const [i, a] of items.entries())
    for (const [j, b] of items.entries()) {
      if (i === j) continue;
      if (matches(a.query, b.stored[set] ?? [])) falseOriginals++;
      for (const copy of a.copies) if (matches(copy, b.stored[set] ?? [])) falseCopies++;
    }
  const size = items.reduce((n, it) => n + (it.stored[set]?.length ?? 0), 0) / items.length;
  rows.push([
    set,
    ...recall.map((r) => r.toFixed(2)),
    String(falseOriginals),
    String(falseCopies),
    size.toFixed(2),
  ]);
}
const pairs = items.length * (items.length - 1);
printTable(
  `Enrolment crop sets over ${items.length} images (${folders.length} folders); false matches of ${pairs} ordered pairs of distinct images, and of ${pairs * CUTS.length} copy pairs`,
  [
    'crops enrolled',
    ...CUTS.map((c) => c.name),
    'false (originals)',
    'false (copies)',
    'hashes per picture',
  ],
  rows,
);
