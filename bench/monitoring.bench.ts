import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { loadConfig, startServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { median, printTable, ratio } from './lib/measure.js';

const ROUNDS = 3;

/**
 * Monitoring throughput: a site on 127.0.0.1 shows the shared photos on one page; a fresh monitor
 * (nothing seen yet, no pacing) fetches and screens each. The baseline, measured in the same run,
 * is the platform path: the same bytes POSTed to /v1/screen one at a time.
 */
export async function benchMonitoring(photosDir: string): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'haechi-bench-monitor-'));
  const names = (await readdir(photosDir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const photos = new Map<string, Buffer>();
  for (const n of names) photos.set(`/p/${n}`, await readFile(join(photosDir, n)));
  const page = Buffer.from(
    `<html><body>${names.map((n) => `<img src="/p/${n}">`).join('')}</body></html>`,
  );
  // Each round serves the photos with a different trailer after the JPEG's end: new content to the
  // monitor (whose verdicts are kept by SHA-256), the same pixels to the decoder.
  let round = 0;
  const variant = (bytes: Buffer) => Buffer.concat([bytes, Buffer.from(`round ${round}`)]);
  const site = createServer((req, res) => {
    const photo = photos.get(req.url ?? '');
    const body = req.url === '/index.html' ? page : photo && variant(photo);
    if (!body) return res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': req.url === '/index.html' ? 'text/html' : 'image/jpeg' })
      .end(body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const stores = openEmbeddedStores(data);
  const at = new Date().toISOString();
  await createOrg(stores.access, { name: 'ops', kind: 'operator', jurisdiction: 'KR', at });
  await createUser(stores.access, {
    org: 'ops',
    email: 'admin@bench.example',
    displayName: 'bench',
    role: 'admin',
    password: 'a bench passphrase',
    at,
  });
  const platform = await createOrg(stores.access, {
    name: 'bench',
    kind: 'platform',
    jurisdiction: 'KR',
    at,
  });
  const { key } = await issueApiKey(stores.access, {
    orgId: platform.id,
    label: 'b',
    createdBy: 'bench',
    at,
  });
  await stores.close();
  const server = await startServer(
    loadConfig({
      HAECHI_DATA: data,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_DETECTORS: '',
      HAECHI_FETCH_ALLOW_PRIVATE: 'true',
    }),
    { manualJobs: true },
  );
  const call = async (path: string, token: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  try {
    const admin = (
      await call('/v1/auth/login', '', {
        email: 'admin@bench.example',
        password: 'a bench passphrase',
      })
    )['token'] as string;
    const direct: number[] = [];
    const monitored: number[] = [];
    for (round = 0; round < ROUNDS; round++) {
      let start = performance.now();
      for (const bytes of photos.values()) {
        const r = await fetch(`${server.url}/v1/screen`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
          body: new Uint8Array(variant(bytes)),
        });
        await r.arrayBuffer();
      }
      direct.push((photos.size * 1000) / (performance.now() - start));
      const monitor = await call('/v1/monitors', admin, {
        name: `bench-${round}`,
        kind: 'html',
        startUrls: [`${origin}/index.html`],
        maxDepth: 0,
        minIntervalMs: 0,
        maxItems: 10_000,
      });
      start = performance.now();
      const ran = await call(`/v1/monitors/${monitor['id']}/run`, admin);
      const elapsed = performance.now() - start;
      const screened = (ran['lastRun'] as { screened: number }).screened;
      if (screened !== photos.size)
        throw new Error(`the monitor screened ${screened} of ${photos.size}`);
      monitored.push((screened * 1000) / elapsed);
    }
    const baseline = median(direct);
    printTable(
      `Monitoring a site on 127.0.0.1 (${photos.size} photos on one page, no pacing, ${ROUNDS} rounds, medians)`,
      ['path', 'items/s', 'vs POST /v1/screen'],
      [
        ['POST /v1/screen, one at a time (baseline)', baseline.toFixed(1), ratio(1)],
        [
          'monitor run: fetch, decode, hash, match, record',
          median(monitored).toFixed(1),
          ratio(median(monitored) / baseline),
        ],
      ],
    );
  } finally {
    await server.close();
    site.close();
    await rm(data, { recursive: true, force: true });
  }
}
