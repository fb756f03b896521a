// `npm run loadtest`: the server under concurrent load on 127.0.0.1 — hash lookup, bytes screening
// and the notice API — with throughput and p50/p99/p99.9 latency, each for a bounded time.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { createBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { openEmbeddedStores, openPostgresPool, openPostgresStores } from '@haechi/store';
import { startServerProcess } from '../test/support/run-server.js';
import { seededRandom } from '@haechi/testkit/seeded-random';

const SECONDS = Number(process.env['HAECHI_LOADTEST_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['HAECHI_LOADTEST_CONNECTIONS'] ?? 16);
const WORKERS = Number(process.env['HAECHI_WORKERS'] ?? 1);
const BANK_SIZE = 100_000;
const photosDir =
  process.env['HAECHI_BENCH_PHOTOS'] ??
  fileURLToPath(new URL('../../shared/testdata/photos', import.meta.url));

const data = await mkdtemp(join(tmpdir(), 'haechi-loadtest-'));
const names = (await readdir(photosDir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
const photo = await readFile(join(photosDir, names[0]));
const pdq = formatHash256(computePdq(await decodeImage(new Uint8Array(photo))).hash);

// PostgreSQL when DATABASE_URL is set (in a schema of this run's own, dropped after), else the
// embedded store in a temporary folder.
const DATABASE_URL = process.env['DATABASE_URL'];
const schema = `haechi_loadtest_${randomBytes(5).toString('hex')}`;
const database = DATABASE_URL ? { DATABASE_URL, HAECHI_DATABASE_SCHEMA: schema } : {};
const stores = DATABASE_URL
  ? await openPostgresStores(DATABASE_URL, { schema })
  : openEmbeddedStores(data);
const at = new Date().toISOString();
await createBank(stores.banks, { name: 'confirmed', createdBy: 'loadtest', at });
const random = seededRandom(5);
const hex = () => Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');
await importHashList(stores.banks, {
  bank: 'confirmed',
  lines: (function* () {
    yield pdq; // one real match: the lookups below all find it
    for (let i = 1; i < BANK_SIZE; i++) yield hex();
  })(),
  source: 'loadtest',
  addedBy: 'loadtest',
  at,
});
const org = await createOrg(stores.access, {
  name: 'loadtest',
  kind: 'platform',
  jurisdiction: 'KR',
  at,
});
await stores.access.setPlatformDomains(org.id, ['loadtest.example'], { at, actor: 'loadtest' });
await createOrg(stores.access, { name: 'center', kind: 'support_center', jurisdiction: 'KR', at });
await createUser(stores.access, {
  org: 'center',
  email: 'c@center.example',
  displayName: 'c',
  role: 'counsellor',
  password: 'a loadtest passphrase',
  at,
});
const { key } = await issueApiKey(stores.access, {
  orgId: org.id,
  label: 'load',
  createdBy: 'loadtest',
  at,
});
await stores.close();
/** A hash far from every bank entry (random 256-bit hashes lie about 128 bits apart). */
const unmatched = hex();

const serverEnv = {
  ...database,
  LOG_LEVEL: 'warn',
  HAECHI_MASTER_KEY: 'a'.repeat(64),
  HAECHI_RATE_LIMIT_PER_MINUTE: '100000000',
  HAECHI_CASES_PER_ADDRESS_PER_DAY: '100000000',
  HAECHI_WORKERS: String(WORKERS),
};
let server = await startServerProcess(data, { ...serverEnv, HAECHI_DETECTORS: '' });
const auth = { authorization: `Bearer ${key}` };
// 200 notices for the notice API: a counsellor's case naming 200 URLs on the platform's site.
const login = await fetch(`${server.url}/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'c@center.example', password: 'a loadtest passphrase' }),
});
const counsellor = ((await login.json()) as { token: string }).token;
await fetch(`${server.url}/v1/cases`, {
  method: 'POST',
  headers: { authorization: `Bearer ${counsellor}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    urls: Array.from({ length: 200 }, (_, i) => `https://loadtest.example/p/${i}`),
  }),
});

interface Row {
  path: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
}
const rows: Row[] = [];
async function load(
  label: string,
  path: string,
  options: Partial<autocannon.Options>,
): Promise<void> {
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...options,
  });
  rows.push({
    path: label,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    errors: result.errors + result.non2xx,
  });
}

try {
  await load('hash lookup with a match: POST /v1/screen (JSON PDQ)', '/v1/screen', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ hashes: { pdq: [pdq] } }),
  });
  // Most uploads match nothing: allowed, nothing written, so this path is reads only.
  await load('hash lookup, no match: POST /v1/screen (JSON PDQ)', '/v1/screen', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ hashes: { pdq: [unmatched] } }),
  });
  await load(`bytes: POST /v1/screen (JPEG, ${Math.round(photo.length / 1024)} KB)`, '/v1/screen', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'image/jpeg' },
    body: photo,
  });
  await load('notice API: GET /v1/notices', '/v1/notices?limit=50', {
    method: 'GET',
    headers: auth,
  });

  // The same server with the default detectors (nudity, faces, provenance): every core's worth of
  // bytes screening, then the two tiers at one offered load below what the models can take, so the
  // latency of each is what a platform would see (issue 18).
  await server.stop();
  server = await startServerProcess(data, { ...serverEnv });
  const jpegBody = {
    method: 'POST' as const,
    headers: { ...auth, 'content-type': 'image/jpeg' },
    body: photo,
  };
  await load('bytes, default detectors, in the request (saturated)', '/v1/screen', jpegBody);
  const OFFERED = Number(process.env['HAECHI_LOADTEST_DETECT_RATE'] ?? 8);
  await load(`bytes, default detectors in the request, ${OFFERED} req/s offered`, '/v1/screen', {
    ...jpegBody,
    connections: 4,
    overallRate: OFFERED,
  });
  await load(
    `bytes, detectors=async (answer from hashes), ${OFFERED} req/s offered`,
    '/v1/screen?detectors=async',
    { ...jpegBody, connections: 4, overallRate: OFFERED },
  );
} finally {
  await server.stop();
  await rm(data, { recursive: true, force: true });
  if (DATABASE_URL) {
    const admin = openPostgresPool(DATABASE_URL);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

console.log(
  `\n### Load on ${DATABASE_URL ? 'PostgreSQL' : 'the embedded store'} (${CONNECTIONS} connections, ${SECONDS} s each, ${WORKERS} server process(es), ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; bank of ${BANK_SIZE.toLocaleString('en-US')} PDQ hashes)\n`,
);
console.log('| path | requests | req/s | p50 ms | p99 ms | p99.9 ms | errors |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.path} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.p999} | ${r.errors} |`,
  );
if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
