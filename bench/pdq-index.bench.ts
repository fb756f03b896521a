import { PDQ_MATCH_RADIUS, PdqIndex } from '@haechi/hashing';
import { seededRandom } from '@haechi/testkit/seeded-random';
import { median, ms, printTable, ratio } from './lib/measure.js';

const QUERIES = 2000;

/** n hashes: 90 % uniform, 10 % in clusters of 100 near-duplicates (≤ 24 bits from a centre). */
export function fillHashes(n: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const all = new Uint8Array(n * 32);
  for (let i = 0; i < all.length; i++) all[i] = Math.floor(random() * 256);
  const clustered = Math.floor(n / 10);
  for (let i = n - clustered; i < n; i++) {
    const centre = n - clustered + Math.floor((i - (n - clustered)) / 100) * 100;
    if (i === centre) continue;
    all.copyWithin(i * 32, centre * 32, centre * 32 + 32);
    for (let k = Math.floor(random() * 25); k > 0; k--) {
      const bit = Math.floor(random() * 256);
      const at = i * 32 + (bit >> 3);
      all[at] = all[at] ^ (1 << (bit & 7));
    }
  }
  return all;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** The baseline: compare the query with every stored hash, 32 bits at a time (SWAR popcount). */
function bruteForce(all: Uint32Array, query: Uint32Array, radius: number): number {
  let hits = 0;
  for (let at = 0; at < all.length; at += 8) {
    let d = 0;
    for (let w = 0; w < 8 && d <= radius; w++) {
      let x = (all[at + w] ^ query[w]) >>> 0;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      d += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    if (d <= radius) hits++;
  }
  return hits;
}

export async function benchPdqIndex(sizes: readonly number[]): Promise<void> {
  const rows: string[][] = [];
  for (const n of sizes) {
    const all = fillHashes(n, n);
    const t0 = performance.now();
    const index = new PdqIndex();
    for (let i = 0; i < n; i++) index.add(i, all.subarray(i * 32, i * 32 + 32));
    index.seal();
    const buildMs = performance.now() - t0;

    // Half the queries are stored hashes with up to 31 bits flipped, half are random.
    const random = seededRandom(7);
    const queries = Array.from({ length: QUERIES }, (_, i) => {
      const q = new Uint8Array(32);
      if (i % 2) for (let b = 0; b < 32; b++) q[b] = Math.floor(random() * 256);
      else {
        const at = Math.floor(random() * n) * 32;
        q.set(all.subarray(at, at + 32));
        for (let k = Math.floor(random() * 32); k > 0; k--) {
          const byte = Math.floor(random() * 32);
          q[byte] = q[byte] ^ (1 << Math.floor(random() * 8));
        }
      }
      return q;
    });
    for (const q of queries.slice(0, 200)) index.query(q, PDQ_MATCH_RADIUS); // warm-up
    const times: number[] = [];
    let verified = 0;
    for (const q of queries) {
      const start = performance.now();
      index.query(q, PDQ_MATCH_RADIUS);
      times.push(performance.now() - start);
      verified += index.lastQueryStats.verified;
    }
    times.sort((a, b) => a - b);
    const brute = median(
      Array.from({ length: 5 }, (_, i) => {
        const start = performance.now();
        bruteForce(
          new Uint32Array(all.buffer),
          new Uint32Array((queries[i] as Uint8Array).buffer),
          PDQ_MATCH_RADIUS,
        );
        return performance.now() - start;
      }),
    );
    const p50 = percentile(times, 0.5);
    rows.push([
      `${(n / 1e6).toFixed(0)} M`,
      (buildMs / 1000).toFixed(1),
      (index.memoryBytes() / n).toFixed(1),
      ms(p50),
      ms(percentile(times, 0.99)),
      Math.round(1000 / (times.reduce((a, b) => a + b, 0) / times.length)).toLocaleString('en-US'),
      Math.round(verified / QUERIES).toLocaleString('en-US'),
      ms(brute),
      ratio(brute / p50),
    ]);
  }
  printTable(
    `PdqIndex at radius ${PDQ_MATCH_RADIUS}, one core (${QUERIES} queries: half near stored hashes, half random)`,
    [
      'hashes',
      'build s',
      'bytes/hash',
      'p50 ms',
      'p99 ms',
      'queries/s',
      'verified/query',
      'brute force ms',
      'speed-up',
    ],
    rows,
  );
}
