// `npm run loadtest:bomb`: what one image at the pixel limit costs everybody else. With a victim's
// face enrolled (so the face detector runs), another platform's hash lookups are timed while idle,
// then while uploads of an 8000×8000 one-colour PNG (a few hundred KB) are screened concurrently.
// Reports p50/p99 of both and the ratio; bounded in requests and time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, issueApiKey } from '@haechi/access';
import { openEmbeddedStores } from '@haechi/store';
import sharp from 'sharp';
import { startServerProcess } from '../test/support/run-server.js';

const LOOKUPS = Number(process.env['HAECHI_BOMB_LOOKUPS'] ?? 200);
const BOMBS = Number(process.env['HAECHI_BOMB_CONCURRENCY'] ?? 8);

const data = await mkdtemp(join(tmpdir(), 'haechi-bomb-'));
const stores = openEmbeddedStores(data);
const at = new Date().toISOString();
const keys: string[] = [];
for (const name of ['attacker', 'bystander']) {
  const org = await createOrg(stores.access, { name, kind: 'platform', jurisdiction: 'KR', at });
  keys.push(
    (await issueApiKey(stores.access, { orgId: org.id, label: 'l', createdBy: 'l', at })).key,
  );
}
await stores.close();
const server = await startServerProcess(data, {
  HAECHI_DETECTORS: 'face',
  HAECHI_MASTER_KEY: 'c'.repeat(64),
  HAECHI_RATE_LIMIT_PER_MINUTE: '1000000',
  HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  LOG_LEVEL: 'warn',
});
const [attacker, bystander] = keys as [string, string];
try {
  // A victim enrols a face: from now on every image upload runs the face model.
  const face = Array.from({ length: 1024 }, (_, i) => Math.sin(i + 1));
  const opened = await fetch(`${server.url}/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      passphrase: 'a long load test passphrase',
      faceEmbeddings: [face],
      urls: ['https://x.example/1'],
    }),
  });
  if (opened.status !== 201)
    throw new Error(`enrolment failed: ${opened.status} ${await opened.text()}`);
  const bomb = await sharp({
    create: { width: 8000, height: 8000, channels: 3, background: { r: 200, g: 120, b: 90 } },
  })
    .png()
    .toBuffer();

  const lookup = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bystander}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hashes: { md5: 'f'.repeat(32) } }),
    });
    await response.arrayBuffer();
    return performance.now() - started;
  };
  const series = async (): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) times.push(await lookup());
    return times.sort((a, b) => a - b);
  };
  const at_ = (sorted: number[], q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

  for (let i = 0; i < 20; i++) await lookup(); // warm up
  const idle = await series();
  let bombing = true;
  let bombsDone = 0;
  const attackers = Array.from({ length: BOMBS }, async () => {
    while (bombing) {
      const r = await fetch(`${server.url}/v1/screen`, {
        method: 'POST',
        headers: { authorization: `Bearer ${attacker}`, 'content-type': 'image/png' },
        body: bomb,
      });
      await r.arrayBuffer();
      bombsDone++;
    }
  });
  const loaded = await series();
  bombing = false;
  await Promise.all(attackers);
  const row = (name: string, s: number[]) =>
    `${name.padEnd(24)} p50 ${at_(s, 0.5).toFixed(1).padStart(7)} ms   p99 ${at_(s, 0.99).toFixed(1).padStart(7)} ms`;
  console.log(
    `image bomb: ${bomb.length} bytes, 8000×8000; ${BOMBS} concurrent uploads, ${bombsDone} screened during the run`,
  );
  console.log(row('bystander, idle', idle));
  console.log(row('bystander, under bombs', loaded));
  console.log(
    `p99 ratio (under bombs / idle): ${(at_(loaded, 0.99) / at_(idle, 0.99)).toFixed(2)}`,
  );
} finally {
  await server.stop();
  await rm(data, { recursive: true, force: true });
}
