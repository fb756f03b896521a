import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openPostgresPool } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';

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
  }, 60_000);
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

  it('serves from every worker, and a bank change reaches all of them within a second', async () => {
    expect(server.logs.join('\n')).toMatch(/Haechi is listening on .*; 3 worker processes\)/);
    expect(
      (await call('POST', '/v1/screen', key, { hashes: { pdq: [PDQ] } })).body['verdict'],
    ).toBe('allow');
    // Another process (the CLI) adds the hash to the bank.
    await writeFile(join(dir, 'list.txt'), `${PDQ}\n`);
    await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
    // The change is committed when the CLI exits; a second later every worker must know it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const verdicts = await Promise.all(
      Array.from({ length: 30 }, () => call('POST', '/v1/screen', key, { hashes: { pdq: [PDQ] } })),
    );
    expect(new Set(verdicts.map((v) => v.body['verdict']))).toEqual(new Set(['block']));
    const pids = new Set(
      server.logs
        .filter((line) => line.includes('"msg":"request"') && line.includes('/v1/screen'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect(pids.size).toBe(3);
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
    // Deliveries are jobs, polled every second by each of the three workers.
    const deadline = Date.now() + 15_000;
    while (deliveries.length < 12 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2500)); // time for any duplicate to arrive
    const ids = deliveries.map((d) => (JSON.parse(d) as { notice: { id: number } }).notice.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  }, 30_000);
});
