import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { openPostgresPool } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';
import { waitUntil } from './support/wait-until.js';

const DATABASE_URL = process.env['DATABASE_URL'];
/** The embedded store, and PostgreSQL (a schema of this test's own) when DATABASE_URL is set. */
const BACKENDS = [
  { name: 'the embedded store', env: {} as Record<string, string> },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          env: {
            DATABASE_URL,
            HAECHI_DATABASE_SCHEMA: `haechi_workers_${randomBytes(5).toString('hex')}`,
          },
        },
      ]
    : []),
];
const PDQ = '5a'.repeat(32);

describe.each(BACKENDS)('several server processes on $name (HAECHI_WORKERS)', (backend) => {
  let dir: string;
  let server: ServerProcess;
  let receiver: Server;
  let key = '';
  const deliveries: string[] = [];
  const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir, ...backend.env });

  /** A request on a new connection, so the cluster may hand it to any worker. */
  async function call(method: string, path: string, token?: string, body?: unknown) {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        connection: 'close',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }

  /** The webhook delivery jobs, read from the store the workers share. */
  async function deliveryJobs(): Promise<Array<{ status: string; attempts: number }>> {
    const sql = "SELECT status, attempts FROM jobs WHERE kind = 'notice.deliver' ORDER BY id";
    const schema = backend.env['HAECHI_DATABASE_SCHEMA'];
    if (schema) {
      const pool = openPostgresPool(DATABASE_URL as string, { schema, max: 1 });
      try {
        return (await pool.query<{ status: string; attempts: number }>(sql)).rows;
      } finally {
        await pool.end();
      }
    }
    const db = new DatabaseSync(join(dir, 'haechi.db'), { readOnly: true });
    try {
      return db.prepare(sql).all() as Array<{ status: string; attempts: number }>;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-workers-'));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        deliveries.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await cli('bank', 'create', 'confirmed');
    await cli('admin', 'create-org', 'alpha', '--kind', 'platform');
    await cli('admin', 'set-domains', '--org', 'alpha', 'alpha.example');
    key = (await cli('admin', 'create-key', '--org', 'alpha')).stdout.trim();
    server = await startServerProcess(dir, {
      ...backend.env,
      HAECHI_WORKERS: '3',
      HAECHI_CASES_PER_ADDRESS_PER_DAY: '1000000',
      HAECHI_DETECTORS: '',
      HAECHI_MASTER_KEY: '8'.repeat(64),
      HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
  });
  afterAll(async () => {
    await server?.stop();
    receiver?.close();
    await rm(dir, { recursive: true, force: true });
    const schema = backend.env['HAECHI_DATABASE_SCHEMA'];
    if (schema) {
      const admin = openPostgresPool(DATABASE_URL as string);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('has one worker write the match index snapshot, which every worker looks for', async () => {
    const pidsLogging = (msg: string) =>
      new Set(
        server.logs
          .filter((line) => line.includes(`"msg":"${msg}`))
          .map((line) => (JSON.parse(line) as { pid: number }).pid),
      );
    await waitUntil(
      'the snapshot written',
      () => pidsLogging('match index snapshot written').size > 0,
    );
    // Each of the three looked for it at its start: none was there yet, or the writer's already was.
    const looked = new Set([
      ...pidsLogging('match index snapshot not used'),
      ...pidsLogging('match index snapshot loaded'),
    ]);
    expect(looked.size).toBe(3);
    expect(pidsLogging('match index snapshot written').size).toBe(1);
  });

  it('serves from every worker, and a bank change reaches all of them', async () => {
    expect(server.logs.join('\n')).toMatch(/Haechi is listening on .*; 3 worker processes\)/);
    expect(
      (await call('POST', '/v1/screen', key, { hashes: { pdq: [PDQ] } })).body['verdict'],
    ).toBe('allow');
    // Another process (the CLI) adds the hash to the bank.
    await writeFile(join(dir, 'list.txt'), `${PDQ}\n`);
    await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
    // Each worker follows the change feed on its own. Once a round of screenings, served by all
    // three, says block, every worker has the change.
    const servedBy = (from: number) =>
      new Set(
        server.logs
          .slice(from)
          .filter((line) => line.includes('"msg":"request"') && line.includes('/v1/screen'))
          .map((line) => (JSON.parse(line) as { pid: number }).pid),
      );
    await waitUntil('a round of screenings that every worker answers with block', async () => {
      const from = server.logs.length;
      const verdicts = await Promise.all(
        Array.from({ length: 30 }, () =>
          call('POST', '/v1/screen', key, { hashes: { pdq: [PDQ] } }),
        ),
      );
      if (verdicts.some((v) => v.body['verdict'] !== 'block')) return false;
      // The request log lines arrive through a pipe: wait for all 30 before counting workers.
      await waitUntil(
        "the round's 30 request log lines",
        () => server.logs.slice(from).filter((l) => l.includes('"msg":"request"')).length >= 30,
      );
      return servedBy(from).size === 3;
    });
  });

  it('runs each job once, whichever worker claims it: one webhook per notice', async () => {
    await call('PUT', '/v1/webhook', key, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    });
    const counsellorless = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('POST', '/v1/cases', undefined, {
          passphrase: 'a workers passphrase',
          urls: [`https://alpha.example/v/${i}`],
        }),
      ),
    );
    expect(counsellorless.every((c) => c.status === 201)).toBe(true);
    // Deliveries are jobs, polled by each of the three workers. Once every delivery job is done,
    // none is running anywhere, so no duplicate can still arrive; a job claimed twice would show
    // two attempts.
    const jobs = await waitUntil('every notice.deliver job to be done', async () => {
      const rows = await deliveryJobs();
      return rows.length === 12 && rows.every((r) => r.status === 'done') && rows;
    });
    expect(jobs.map((j) => j.attempts)).toEqual(Array(12).fill(1));
    const ids = deliveries.map((d) => (JSON.parse(d) as { notice: { id: number } }).notice.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});
