// One process's measurements of the hot paths, printed as JSON for node-versions.bench.ts, which
// runs this file under each Node.js it compares. Only code that runs on every compared Node.js:
// the store (node:sqlite) exists from Node 22.5, so screening through the server is not here.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PDQ_MATCH_RADIUS, PdqIndex, computePdq, md5Hex, sha256Hex } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { seededRandom } from '@haechi/testkit/seeded-random';
import { median, measureMs } from './lib/measure.js';
import { fillHashes } from './pdq-index.bench.js';

const photosDir = process.argv[2];
const INDEX_SIZE = 1_000_000;

const random = seededRandom(3);
const rgb = new Uint8Array(512 * 512 * 3).map(() => Math.floor(random() * 256));
const pdq512 = await measureMs(() =>
  computePdq({ width: 512, height: 512, data: rgb, channels: 3 }),
);

// What screening does with each upload before the match: decode, PDQ, MD5 and SHA-256.
const names = (await readdir(photosDir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
const perPhoto: number[] = [];
for (const name of names) {
  const bytes = new Uint8Array(await readFile(join(photosDir, name)));
  perPhoto.push(
    await measureMs(
      async () => [computePdq(await decodeImage(bytes)), md5Hex(bytes), sha256Hex(bytes)],
      {
        minTimeMs: 50,
      },
    ),
  );
}

const all = fillHashes(INDEX_SIZE, INDEX_SIZE);
const index = new PdqIndex();
for (let i = 0; i < INDEX_SIZE; i++) index.add(i, all.subarray(i * 32, i * 32 + 32));
index.seal();
const queries = Array.from({ length: 1000 }, (_, i) => {
  const at = Math.floor(random() * INDEX_SIZE) * 32;
  const q = all.slice(at, at + 32);
  if (i % 2) q[i % 32] = q[i % 32] ^ 0xff;
  return q;
});
for (const q of queries.slice(0, 100)) index.query(q, PDQ_MATCH_RADIUS);
const queryTimes = queries.map((q) => {
  const start = performance.now();
  index.query(q, PDQ_MATCH_RADIUS);
  return performance.now() - start;
});

console.log(
  JSON.stringify({
    node: process.version,
    pdq512,
    screenCpu: median(perPhoto),
    indexQuery: median(queryTimes),
  }),
);
