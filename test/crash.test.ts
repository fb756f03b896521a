import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';

let dir: string;
let server: ServerProcess;
let key = '';
const ENV = {
  HAECHI_DETECTORS: '',
  HAECHI_MASTER_KEY: '9'.repeat(64),
  LOG_LEVEL: 'warn',
  // Every writer speaks from 127.0.0.1: the per-address case limit is not what this tests.
  HAECHI_CASES_PER_ADDRESS_PER_DAY: '1000000',
};
const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });
const PDQ = 'c3'.repeat(32);

async function post(
  path: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  } catch {
    return null; // the connection died with the server: not acknowledged
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-crash-'));
  await cli('bank', 'create', 'confirmed');
  const list = join(dir, 'list.txt');
  await (await import('node:fs/promises')).writeFile(list, `${PDQ}\n`);
  await cli('bank', 'import', 'confirmed', list);
  await cli('admin', 'create-org', 'alpha', '--kind', 'platform');
  key = (await cli('admin', 'create-key', '--org', 'alpha')).stdout.trim();
  await cli('admin', 'set-domains', '--org', 'alpha', 'alpha.example');
  server = await startServerProcess(dir, ENV);
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

// kill -9 under load: whatever the server acknowledged is still there, and the chain verifies.
describe('a crash under load', () => {
  it('keeps every acknowledged case, notice, screening, key and audit entry; loses no job', async () => {
    const acked = { cases: [] as string[], screenings: [] as string[], keys: [] as number[] };
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running; i++) {
        const kind = (n + i) % 3;
        if (kind === 0) {
          const r = await post('/v1/cases', '', {
            passphrase: 'a crash-test passphrase',
            urls: [`https://alpha.example/w${n}/${i}`],
          });
          if (r?.status === 201) acked.cases.push(r.body['code'] as string);
        } else if (kind === 1) {
          const r = await post('/v1/screen', key, {
            contentId: `w${n}-${i}`,
            hashes: { pdq: [PDQ] },
          });
          if (r?.status === 200) acked.screenings.push(r.body['id'] as string);
        } else {
          const r = await post('/v1/keys', key, { label: `w${n}-${i}` });
          if (r?.status === 201) acked.keys.push((r.body['record'] as { id: number }).id);
        }
      }
    };
    const workers = [0, 1, 2, 3, 4, 5].map(worker);
    // Under load until more than 20 writes are acknowledged, however long that takes here.
    const total = () => acked.cases.length + acked.screenings.length + acked.keys.length;
    while (total() <= 20) await new Promise((resolve) => setTimeout(resolve, 10));
    await server.kill(); // mid-flight: some requests die with it
    running = false;
    await Promise.all(workers);
    expect(acked.cases.length + acked.screenings.length + acked.keys.length).toBeGreaterThan(20);

    server = await startServerProcess(dir, ENV);
    const db = new DatabaseSync(join(dir, 'haechi.db'), { readOnly: true });
    try {
      const codes = new Set(
        (db.prepare('SELECT code FROM cases').all() as Array<{ code: string }>).map((r) => r.code),
      );
      expect(acked.cases.filter((c) => !codes.has(c))).toEqual([]);
      const screenings = new Set(
        (db.prepare('SELECT id FROM screenings').all() as Array<{ id: string }>).map((r) => r.id),
      );
      expect(acked.screenings.filter((s) => !screenings.has(s))).toEqual([]);
      const keys = new Set(
        (db.prepare('SELECT id FROM api_keys').all() as Array<{ id: number }>).map((r) => r.id),
      );
      expect(acked.keys.filter((k) => !keys.has(k))).toEqual([]);
      // Every notice has its deadline job, once: none lost, none doubled.
      const notices = db.prepare('SELECT id FROM notices').all() as Array<{ id: number }>;
      expect(notices.length).toBeGreaterThanOrEqual(acked.cases.length);
      const deadlines = db
        .prepare(
          "SELECT dedupe_key AS k, COUNT(*) AS n FROM jobs WHERE kind = 'notice.deadline' GROUP BY dedupe_key",
        )
        .all() as Array<{ k: string; n: number }>;
      expect(deadlines.map((d) => d.k).sort()).toEqual(
        notices.map((n) => `notice:${n.id}:deadline`).sort(),
      );
      expect(deadlines.every((d) => d.n === 1)).toBe(true);
    } finally {
      db.close();
    }
    const verified = await cli('audit', 'verify');
    expect([verified.code, verified.stdout]).toEqual([
      0,
      expect.stringMatching(/^audit log verified: \d+ entries/),
    ]);
    // The restarted server answers, and finds the acknowledged case.
    const login = await post('/v1/case-sessions', '', {
      code: acked.cases[0],
      passphrase: 'a crash-test passphrase',
    });
    expect([login?.status, login?.body['error']]).toEqual([200, undefined]);
  });
});
