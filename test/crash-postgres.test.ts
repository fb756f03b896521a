import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresPool } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunPrivatePostgres,
  startPrivatePostgres,
  type PrivatePostgres,
} from './support/private-postgres.js';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';

let dir: string;
let database: PrivatePostgres;
let server: ServerProcess;
let key = '';
const PDQ = 'c3'.repeat(32);
const env = () => ({ DATABASE_URL: database.url, HAECHI_DATA: dir });
const cli = (...args: string[]) => runCli(args, env());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(path: string, token: string, body: unknown): Promise<Outcome | 'no answer'> {
  try {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  } catch {
    return 'no answer';
  }
}

// The shared PostgreSQL serves other test files at the same time, so this test crashes a cluster
// of its own. CI sets DATABASE_URL and has Debian's server binaries; elsewhere this is skipped.
describe.skipIf(!process.env['DATABASE_URL'] || !canRunPrivatePostgres)(
  'PostgreSQL crashing under load',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'haechi-pg-crash-'));
      database = await startPrivatePostgres();
      await cli('bank', 'create', 'confirmed');
      await writeFile(join(dir, 'list.txt'), `${PDQ}\n`);
      await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
      await cli('admin', 'create-org', 'alpha', '--kind', 'platform');
      key = (await cli('admin', 'create-key', '--org', 'alpha')).stdout.trim();
      await cli('admin', 'set-domains', '--org', 'alpha', 'alpha.example');
      server = await startServerProcess(dir, {
        ...env(),
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: '8'.repeat(64),
        HAECHI_RATE_LIMIT_PER_MINUTE: '1000000',
        HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
        HAECHI_CASES_PER_ADDRESS_PER_DAY: '1000000',
        LOG_LEVEL: 'error',
      });
    });
    afterAll(async () => {
      await server?.stop();
      await database?.destroy();
      await rm(dir, { recursive: true, force: true });
    });

    it('loses nothing acknowledged, refuses while the database is down, and recovers by itself', async () => {
      const acked = { cases: [] as string[], screenings: [] as string[], keys: [] as number[] };
      const statuses = new Map<number | 'no answer', number>();
      let phase: 'before' | 'down' | 'after' = 'before';
      const ackedAfter = { count: 0 };
      let running = true;
      const ack = (list: Array<string | number>, value: string | number) => {
        list.push(value);
        if (phase === 'after') ackedAfter.count++;
      };
      const worker = async (n: number) => {
        for (let i = 0; running; i++) {
          const kind = (n + i) % 3;
          const r =
            kind === 0
              ? await post('/v1/cases', '', {
                  passphrase: 'a crash-test passphrase',
                  urls: [`https://alpha.example/w${n}/${i}`],
                })
              : kind === 1
                ? await post('/v1/screen', key, { contentId: `w${n}-${i}`, hashes: { pdq: [PDQ] } })
                : await post('/v1/keys', key, { label: `w${n}-${i}` });
          const status = r === 'no answer' ? r : r.status;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (r === 'no answer' || r.status >= 300) {
            if (phase === 'down') await sleep(50);
            continue;
          }
          if (kind === 0) ack(acked.cases, r.body['code'] as string);
          else if (kind === 1) ack(acked.screenings, r.body['id'] as string);
          else ack(acked.keys, (r.body['record'] as { id: number }).id);
        }
      };
      const workers = [0, 1, 2, 3, 4, 5].map(worker);
      // Under load until more than 20 writes are acknowledged, however long that takes here.
      while (acked.cases.length + acked.screenings.length + acked.keys.length <= 20)
        await sleep(10);
      phase = 'down';
      await database.crash(); // mid-flight: transactions die with it
      // Down until the server has refused a few requests for it, however long that takes here.
      while ((statuses.get(503) ?? 0) < 5) await sleep(20);
      await database.start(); // recovers from its write-ahead log
      phase = 'after';
      while (ackedAfter.count < 10) await sleep(50);
      running = false;
      await Promise.all(workers);

      // The server never died, and was back without a restart.
      expect(server.alive()).toBe(true);
      expect(ackedAfter.count).toBeGreaterThanOrEqual(10);
      expect(acked.cases.length + acked.screenings.length + acked.keys.length).toBeGreaterThan(30);
      // While the database was down the server said so (503), and every request got an answer.
      const answered = [...statuses.keys()].sort();
      expect(answered.filter((s) => ![200, 201, 503].includes(s as number))).toEqual([]);
      expect(statuses.get(503)).toBeGreaterThan(0);

      const pool = openPostgresPool(database.url, { max: 1 });
      try {
        const column = async (sql: string) =>
          new Set((await pool.query<{ v: string | number }>(sql)).rows.map((r) => r.v));
        const codes = await column('SELECT code AS v FROM cases');
        expect(acked.cases.filter((c) => !codes.has(c))).toEqual([]);
        const screenings = await column('SELECT id AS v FROM screenings');
        expect(acked.screenings.filter((s) => !screenings.has(s))).toEqual([]);
        const keys = await column('SELECT id AS v FROM api_keys');
        expect(acked.keys.filter((k) => !keys.has(k))).toEqual([]);
        // Every notice has its deadline job, once: none lost, none doubled.
        const notices = (await pool.query<{ id: number }>('SELECT id FROM notices')).rows;
        expect(notices.length).toBeGreaterThanOrEqual(acked.cases.length);
        const { rows: deadlines } = await pool.query<{ k: string; n: number }>(
          "SELECT dedupe_key AS k, COUNT(*)::int AS n FROM jobs WHERE kind = 'notice.deadline' GROUP BY dedupe_key",
        );
        expect(deadlines.map((d) => d.k).sort()).toEqual(
          notices.map((n) => `notice:${n.id}:deadline`).sort(),
        );
        expect(deadlines.every((d) => d.n === 1)).toBe(true);
      } finally {
        await pool.end();
      }
      const verified = await cli('audit', 'verify');
      expect([verified.code, verified.stdout]).toEqual([
        0,
        expect.stringMatching(/^audit log verified: \d+ entries/),
      ]);
      const login = await post('/v1/case-sessions', '', {
        code: acked.cases[0],
        passphrase: 'a crash-test passphrase',
      });
      expect(login === 'no answer' ? login : login.status).toBe(200);
    });
  },
);
