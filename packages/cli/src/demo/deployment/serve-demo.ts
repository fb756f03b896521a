import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey, setPlatformDomains } from '@haechi/access';
import { createBank } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { sceneJpeg } from '../demo-images.js';
import { DemoApi } from './demo-api.js';
import { DEMO_CAST } from './demo-cast.js';
import { replayMonth, SCENES, type HistorySummary } from './demo-history.js';
import { DemoSites } from './demo-sites.js';

const DAY = 86_400_000;
/** Where the demo keeps who signs in with what (mode 600, beside its store). */
const SIGN_IN_FILE = 'demo-sign-in.json';

interface SignIns {
  readonly people: ReadonlyArray<{ org: string; role: string; email: string; password: string }>;
  readonly keys: Readonly<Record<string, string>>;
  readonly sitesPort: number;
}

export interface DemoOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly clockRate: number;
  /** Days of history to replay (default 30). */
  readonly days: number;
  readonly log: (line: string) => void;
}

/** The settings both the seeding and the serving server run with (the demo's sites are local). */
const demoEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  HAECHI_DATA: dataDir,
  HAECHI_FETCH_ALLOW_PRIVATE: 'true',
  HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true',
  HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
  HAECHI_CASES_PER_ADDRESS_PER_DAY: '100000',
  DATABASE_URL: '',
});

/** Organisations, people (random passwords), platform keys and the two banks, in the store. */
async function seedOrganisations(dataDir: string, at: string): Promise<Omit<SignIns, 'sitesPort'>> {
  const stores = openEmbeddedStores(dataDir);
  try {
    const people: Array<SignIns['people'][number]> = [];
    const keys: Record<string, string> = {};
    for (const org of DEMO_CAST) {
      const made = await createOrg(stores.access, {
        name: org.name,
        kind: org.kind,
        jurisdiction: 'KR',
        at,
        by: 'demo',
      });
      if (org.domains)
        await setPlatformDomains(stores.access, made.id, org.domains, { at, actor: 'demo' });
      const password = `demo-${randomBytes(12).toString('base64url')}`;
      await createUser(stores.access, { org: org.name, ...org.person, password, at, by: 'demo' });
      people.push({ org: org.name, role: org.person.role, email: org.person.email, password });
      if (org.kind === 'platform')
        keys[org.name] = (
          await issueApiKey(stores.access, { orgId: made.id, label: 'demo', createdBy: 'demo', at })
        ).key;
    }
    for (const [name, description, seeds] of [
      ['confirmed', 'the regulator’s decisions (demo scenes)', SCENES.confirmed],
      ['suspected', 'reported, not yet decided (demo scenes)', SCENES.suspected],
    ] as const) {
      const bank = await createBank(stores.banks, { name, description, createdBy: 'demo', at });
      const signals = await Promise.all(
        seeds.map(async (seed) =>
          formatHash256(computePdq(await decodeImage(await sceneJpeg(seed))).hash),
        ),
      );
      await stores.banks.importEntries(
        bank.id,
        (async function* () {
          for (const signal of signals)
            yield { signalType: 'pdq', signal, labels: {}, source: 'demo', caseId: null };
        })(),
        { addedBy: 'demo', at },
        () => undefined,
      );
    }
    return { people, keys };
  } finally {
    await stores.close();
  }
}

/**
 * `haechi demo --serve`: on a new data folder, builds a whole deployment (every kind of
 * organisation, one person per role, platform keys, banks) and replays a month of its life on a
 * simulated clock through the API; then serves it with the console, on the real clock or a faster
 * one (HAECHI_CLOCK_RATE). A folder made by an earlier run is served again as it is.
 */
export async function serveDemo(options: DemoOptions): Promise<RunningServer> {
  const { dataDir, log } = options;
  const signInFile = join(dataDir, SIGN_IN_FILE);
  const fresh = !existsSync(join(dataDir, 'haechi.db'));
  if (!fresh && !existsSync(signInFile))
    throw new Error(
      `${dataDir} holds a Haechi store that the demo did not make; choose another folder with --data`,
    );
  const sites = new DemoSites();
  let signIns: SignIns;
  if (fresh) {
    await sites.start();
    const end = Date.now();
    const start = Math.floor((end - options.days * DAY) / 3_600_000) * 3_600_000;
    let simulated = start;
    log(`Building the demo deployment in ${dataDir}: a month of history on a simulated clock…`);
    const made = await seedOrganisations(dataDir, new Date(start).toISOString());
    signIns = { ...made, sitesPort: sites.port };
    await writeFile(signInFile, JSON.stringify(signIns, null, 2), { mode: 0o600 });
    const seeding = await startServer(
      loadConfig({ ...demoEnv(dataDir), PORT: '0', LOG_LEVEL: 'error' }),
      { now: () => new Date(simulated), manualJobs: true, resolveHost: sites.resolveHost },
    );
    let summary: HistorySummary;
    try {
      const api = new DemoApi(seeding.url);
      const person = (role: string) => signIns.people.find((p) => p.role === role);
      summary = await replayMonth(
        {
          api,
          sites,
          keys: signIns.keys,
          setTime: (at) => (simulated = at),
          runDueJobs: () => seeding.runDueJobs(),
          signIn: (role) => {
            const p = person(role);
            if (!p) throw new Error(`demo: nobody has the role ${role}`);
            return api.signIn(p.email, p.password);
          },
        },
        start,
        end,
      );
    } finally {
      await seeding.close();
    }
    log(
      `  ${summary.cases} cases, ${summary.notices} notices, ${summary.screenings} uploads screened, ${summary.reviews} review decisions`,
    );
  } else {
    signIns = JSON.parse(await readFile(signInFile, 'utf8')) as SignIns;
    // The pages the month left up are gone with the last process: its removal checks now see 404s.
    await sites.start(signIns.sitesPort).catch(() => sites.start());
  }
  const server = await startServer(
    loadConfig({
      ...demoEnv(dataDir),
      PORT: String(options.port),
      HOST: options.host,
      HAECHI_CLOCK_RATE: String(options.clockRate),
      LOG_LEVEL: 'warn',
    }),
    { resolveHost: sites.resolveHost },
  );
  log('');
  log(
    `Haechi demo on ${server.url}  (console: ${server.url}/#/staff; API docs: ${server.url}/docs)`,
  );
  if (options.clockRate !== 1)
    log(
      `The clock runs ${options.clockRate}× real time: a 24-hour deadline passes in ${Math.round((24 * 60) / options.clockRate)} minutes, and a sign-in lasts ${Math.round((12 * 60) / options.clockRate)}.`,
    );
  log('');
  log(`${'organisation'.padEnd(14)}${'role'.padEnd(14)}${'email'.padEnd(28)}password`);
  for (const p of signIns.people)
    log(`${p.org.padEnd(14)}${p.role.padEnd(14)}${p.email.padEnd(28)}${p.password}`);
  log('');
  for (const [platform, key] of Object.entries(signIns.keys)) log(`${platform}'s API key: ${key}`);
  log(`(kept in ${signInFile}; a victim opens her own case at ${server.url}/ without an account)`);
  const close = server.close.bind(server);
  return { ...server, close: async () => (await close(), await sites.close()) };
}
