import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, issueApiKey } from '@haechi/access';
import { createBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256, md5Hex } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { seededRandom } from '@haechi/testkit/seeded-random';
import { ms, printTable, ratio } from './lib/measure.js';

const BANK_SIZE = 100_000;
const ROUNDS = 5;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * Screening through the real HTTP server on 127.0.0.1 (one request at a time, so latency is
 * per request), against a bank of 100,000 hashes: the bytes path (decode, hash, match, policy),
 * the hash-only path (match and policy on hashes the platform computed), and decoding alone.
 */
export async function benchScreening(photosDir: string): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'haechi-bench-screen-'));
  const names = (await readdir(photosDir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const photos = await Promise.all(
    names.map(async (n) => new Uint8Array(await readFile(join(photosDir, n)))),
  );
  const stores = openEmbeddedStores(data);
  await createBank(stores.banks, {
    name: 'confirmed',
    createdBy: 'bench',
    at: new Date().toISOString(),
  });
  const random = seededRandom(11);
  const hex = () =>
    Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');
  await importHashList(stores.banks, {
    bank: 'confirmed',
    lines: (function* () {
      for (let i = 0; i < BANK_SIZE; i++) yield hex();
    })(),
    source: 'bench',
    addedBy: 'bench',
    at: new Date().toISOString(),
  });
  const org = await createOrg(stores.access, {
    name: 'bench',
    kind: 'platform',
    jurisdiction: 'KR',
    at: new Date().toISOString(),
  });
  const { key } = await issueApiKey(stores.access, {
    orgId: org.id,
    label: 'bench',
    createdBy: 'bench',
    at: new Date().toISOString(),
  });
  await stores.close();

  const hashes = await Promise.all(
    photos.map(async (bytes) => ({
      pdq: [formatHash256(computePdq(await decodeImage(bytes)).hash)],
      md5: md5Hex(bytes),
    })),
  );
  const server = await startServer(
    // Hashing and matching alone; the detectors' cost is measured on its own (detectors bench).
    loadConfig({ HAECHI_DATA: data, PORT: '0', LOG_LEVEL: 'silent', HAECHI_DETECTORS: '' }),
  );
  const headers = { authorization: `Bearer ${key}` };
  const screenBytes = async (bytes: Uint8Array) => {
    const r = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'image/jpeg' },
      body: Buffer.from(bytes),
    });
    if (r.status !== 200) throw new Error(`bytes path answered ${r.status}`);
    await r.arrayBuffer();
  };
  const screenHashes = async (h: { pdq: string[]; md5: string }) => {
    const r = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ hashes: h }),
    });
    if (r.status !== 200) throw new Error(`hash path answered ${r.status}`);
    await r.arrayBuffer();
  };
  const time = async (run: (i: number) => Promise<unknown>): Promise<number[]> => {
    for (let i = 0; i < photos.length; i++) await run(i); // warm-up
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (let i = 0; i < photos.length; i++) {
        const start = performance.now();
        await run(i);
        times.push(performance.now() - start);
      }
    return times.sort((a, b) => a - b);
  };
  try {
    const decode = await time((i) => decodeImage(photos[i]));
    const bytesPath = await time((i) => screenBytes(photos[i]));
    const hashPath = await time((i) => screenHashes(hashes[i]));
    const decodeP50 = percentile(decode, 0.5);
    const row = (label: string, t: number[]) => {
      const mean = t.reduce((a, b) => a + b, 0) / t.length;
      return [
        label,
        ms(percentile(t, 0.5)),
        ms(percentile(t, 0.99)),
        Math.round(1000 / mean).toLocaleString('en-US'),
        ratio(percentile(t, 0.5) / decodeP50),
      ];
    };
    printTable(
      `Screening over HTTP on 127.0.0.1, one request at a time (${photos.length} photos × ${ROUNDS}, bank of ${BANK_SIZE.toLocaleString('en-US')} PDQ hashes)`,
      ['path', 'p50 ms', 'p99 ms', 'items/s', 'p50 vs decode'],
      [
        row('decode only (in process, baseline)', decode),
        row('bytes: POST /v1/screen (JPEG)', bytesPath),
        row('hash-only: POST /v1/screen (JSON)', hashPath),
      ],
    );
  } finally {
    await server.close();
    await rm(data, { recursive: true, force: true });
  }
}
