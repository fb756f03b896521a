// `npm run eval:nudity-models [FOLDER…]`: the three classifiers nsfwjs ships, on every benign image
// (default: all of ../shared/testdata): how many score "sexual" at or above the policy's 0.8 (a
// false positive: none of these images is sexual), at or above 0.5, the highest score and the
// image it was given to, and the median time per image (one image at a time, one thread).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectorImage } from '@haechi/core';
import { NudityDetector, type NudityModel } from '@haechi/detection';
import { decodeImage } from '@haechi/media';
import { median, ms, printTable } from './lib/measure.js';

const root = fileURLToPath(new URL('../../shared/testdata', import.meta.url));
const folders = process.argv.length > 2 ? process.argv.slice(2) : [root];
const MODELS: readonly NudityModel[] = ['MobileNetV2', 'MobileNetV2Mid', 'InceptionV3'];

const images: Array<{ path: string; image: DetectorImage }> = [];
for (const folder of folders)
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(jpe?g|png|webp|gif)$/i.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      images.push({
        path,
        image: (await decodeImage(new Uint8Array(await readFile(path)))) as DetectorImage,
      });
    } catch {
      // not an image it can decode: left out
    }
  }

const rows: string[][] = [];
for (const model of MODELS) {
  const detector = await NudityDetector.load({ model, batchSize: 1, batchWaitMs: 0 });
  const scores: Array<{ path: string; sexual: number }> = [];
  const times: number[] = [];
  for (const { path, image } of images) {
    const input = { image, mediaType: 'image' };
    if (scores.length === 0) await detector.detect(input); // warm-up
    const start = performance.now();
    const found = await detector.detect(input);
    times.push(performance.now() - start);
    scores.push({ path, sexual: found.find((s) => s.label === 'sexual')?.score ?? 0 });
  }
  const top = scores.reduce((a, b) => (b.sexual > a.sexual ? b : a));
  rows.push([
    model,
    String(scores.filter((s) => s.sexual >= 0.8).length),
    String(scores.filter((s) => s.sexual >= 0.5).length),
    `${top.sexual.toFixed(3)} (${relative(root, top.path)})`,
    ms(median(times)),
  ]);
}
printTable(
  `nsfwjs classifiers on ${images.length} benign images (${folders.map((f) => relative(process.cwd(), f)).join(', ')})`,
  ['model', '"sexual" ≥ 0.8', '≥ 0.5', 'highest', 'ms/image'],
  rows,
);
