import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  pdqFromSections,
  pdqSections,
  readSnapshotFile,
  writeSnapshotFile,
  type PdqIndexMeta,
  type SnapshotArray,
} from '@haechi/banks';
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

/** The same queries through FAISS (bench/faiss/multihash.py), or why it was not run. */
interface FaissResult {
  readonly build_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly qps: number;
  readonly counts: number[];
  readonly peak_rss_bytes: number;
  readonly snapshot: { write_s?: number; read_s?: number; bytes?: number; error?: string };
}

/** Debian's own Python (its python3-faiss is installed for it), else whichever is on the PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function faissAvailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import faiss, numpy'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : 'FAISS comparison skipped: python3-faiss is not installed (Debian: apt-get install python3-faiss)';
}

function runFaiss(dir: string, all: Uint8Array, queries: Uint8Array[], nflip: number): FaissResult {
  const hashes = join(dir, 'hashes.bin');
  const queryFile = join(dir, 'queries.bin');
  writeFileSync(hashes, all);
  writeFileSync(queryFile, Buffer.concat(queries));
  const script = fileURLToPath(new URL('./faiss/multihash.py', import.meta.url));
  const run = spawnSync(
    PYTHON,
    [script, hashes, queryFile, String(nflip), join(dir, 'faiss.index')],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  rmSync(hashes, { force: true });
  rmSync(join(dir, 'faiss.index'), { force: true });
  if (run.status !== 0) throw new Error(`FAISS run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as FaissResult;
}

/** Builds the index of n hashes and times the queries (and FAISS's, when asked); the hashes
 * themselves are dropped on return, so a 100 M run does not hold 3.2 GB more than it needs. */
function buildAndQuery(n: number, dir: string, withFaiss: boolean) {
  const hashes = fillHashes(n, n);
  const t0 = performance.now();
  const index = new PdqIndex();
  for (let i = 0; i < n; i++) index.add(i, hashes.subarray(i * 32, i * 32 + 32));
  index.seal();
  const buildMs = performance.now() - t0;

  // Half the queries are stored hashes with up to 31 bits flipped, half are random.
  const random = seededRandom(7);
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const q = new Uint8Array(32);
    if (i % 2) for (let b = 0; b < 32; b++) q[b] = Math.floor(random() * 256);
    else {
      const at = Math.floor(random() * n) * 32;
      q.set(hashes.subarray(at, at + 32));
      for (let k = Math.floor(random() * 32); k > 0; k--) {
        const byte = Math.floor(random() * 32);
        q[byte] = q[byte] ^ (1 << Math.floor(random() * 8));
      }
    }
    return q;
  });
  for (const q of queries.slice(0, 200)) index.query(q, PDQ_MATCH_RADIUS); // warm-up
  const times: number[] = [];
  const answers: string[] = [];
  let verified = 0;
  for (const q of queries) {
    const start = performance.now();
    const found = index.query(q, PDQ_MATCH_RADIUS);
    times.push(performance.now() - start);
    verified += index.lastQueryStats.verified;
    answers.push(JSON.stringify(found));
  }
  times.sort((a, b) => a - b);
  const brute = median(
    Array.from({ length: 5 }, (_, i) => {
      const start = performance.now();
      bruteForce(
        new Uint32Array(hashes.buffer),
        new Uint32Array((queries[i] as Uint8Array).buffer),
        PDQ_MATCH_RADIUS,
      );
      return performance.now() - start;
    }),
  );
  const bytesPerHash = index.memoryBytes() / n;
  const p50 = percentile(times, 0.5);

  const faissRows: string[][] = [];
  if (withFaiss) {
    const ours = answers.map((a) => (JSON.parse(a) as unknown[]).length);
    for (const nflip of [0, 1]) {
      const faiss = runFaiss(dir, hashes, queries, nflip);
      const found = faiss.counts.reduce((a, b) => a + b, 0);
      const total = ours.reduce((a, b) => a + b, 0);
      faissRows.push([
        n >= 1e6 ? `${n / 1e6} M` : n.toLocaleString('en-US'),
        `16 × 16 bits, nflip ${nflip}${nflip === 0 ? ' (HMA)' : ''}`,
        faiss.build_s.toFixed(1),
        faiss.snapshot.read_s === undefined
          ? (faiss.snapshot.error ?? '')
          : faiss.snapshot.read_s.toFixed(1),
        (faiss.peak_rss_bytes / n).toFixed(0),
        ms(faiss.p50_ms),
        ms(faiss.p99_ms),
        Math.round(faiss.qps).toLocaleString('en-US'),
        `${((found / Math.max(1, total)) * 100).toFixed(1)} %`,
        ratio(faiss.p50_ms / p50),
      ]);
    }
  }
  return {
    index: index as PdqIndex | null,
    queries,
    answers,
    times,
    verified,
    brute,
    bytesPerHash,
    p50,
    buildMs,
    faissRows,
  };
}

/**
 * Writes the index's snapshot, drops the index, and starts a new one from the file alone (the
 * holder's reference is the last one, so at 100 M both need not fit in memory at once).
 */
async function writeThenStart(holder: { index: PdqIndex | null }, file: string) {
  const w0 = performance.now();
  const arrays = new Map<string, SnapshotArray>();
  const meta = pdqSections('pdq', holder.index as PdqIndex, arrays);
  const fileBytes = await writeSnapshotFile(file, meta, arrays);
  const writeMs = performance.now() - w0;
  arrays.clear();
  holder.index = null;
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: the old index's memory first
  const r0 = performance.now();
  const read = await readSnapshotFile(file);
  const restored = pdqFromSections('pdq', read.meta as PdqIndexMeta, read.arrays);
  return { restored, writeMs, startMs: performance.now() - r0, fileBytes };
}

/**
 * The match index at each size: build, snapshot written and started from (the file the server
 * keeps, see BankMatcher), p50/p99 at radius 31, bytes per hash, against a brute-force scan and,
 * up to HAECHI_BENCH_FAISS_MAX hashes, FAISS's IndexBinaryMultiHash as HMA configures it.
 */
export async function benchPdqIndex(sizes: readonly number[]): Promise<void> {
  const rows: string[][] = [];
  const faissRows: string[][] = [];
  const faissSkipped = faissAvailable();
  const faissMax = Number(process.env['HAECHI_BENCH_FAISS_MAX'] ?? 10_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'haechi-bench-index-'));
  try {
    for (const n of sizes) {
      const built = buildAndQuery(n, dir, !faissSkipped && n <= faissMax);
      faissRows.push(...built.faissRows);
      const { queries, answers, times, verified, brute, bytesPerHash, p50, buildMs } = built;
      const file = join(dir, 'index.snapshot');
      const { restored, writeMs, startMs, fileBytes } = await writeThenStart(built, file);
      queries.forEach((q, i) => {
        if (JSON.stringify(restored.query(q, PDQ_MATCH_RADIUS)) !== answers[i])
          throw new Error(`the index started from its snapshot answers query ${i} differently`);
      });
      rmSync(file, { force: true });

      rows.push([
        n >= 1e6 ? `${n / 1e6} M` : n.toLocaleString('en-US'),
        (buildMs / 1000).toFixed(1),
        (writeMs / 1000).toFixed(1),
        (startMs / 1000).toFixed(1),
        (fileBytes / 2 ** 30).toFixed(2),
        bytesPerHash.toFixed(1),
        ms(p50),
        ms(percentile(times, 0.99)),
        Math.round(1000 / (times.reduce((a, b) => a + b, 0) / times.length)).toLocaleString(
          'en-US',
        ),
        Math.round(verified / QUERIES).toLocaleString('en-US'),
        ms(brute),
        ratio(brute / p50),
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    `PdqIndex at radius ${PDQ_MATCH_RADIUS}, one core (${QUERIES} queries: half near stored hashes, half random); start = read the snapshot file and serve, no rebuild`,
    [
      'hashes',
      'build s',
      'snapshot write s',
      'start from snapshot s',
      'snapshot GiB',
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
  if (faissSkipped) console.log(`\n(${faissSkipped})`);
  else if (faissRows.length > 0)
    printTable(
      'The same queries through FAISS IndexBinaryMultiHash (Debian python3-faiss, one thread, range_search < 32); "recall" is of the exact answers above; "PdqIndex ×" is FAISS p50 / PdqIndex p50',
      [
        'hashes',
        'FAISS index',
        'build s',
        'start from file s',
        'peak RSS bytes/hash',
        'p50 ms',
        'p99 ms',
        'queries/s',
        'recall',
        'PdqIndex ×',
      ],
      faissRows,
    );
}
