import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';

let dir: string;
let key = '';
const ENV = { HAECHI_DETECTORS: '', HAECHI_MASTER_KEY: '7'.repeat(64), LOG_LEVEL: 'info' };
const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });
const FIRST = 'c3'.repeat(32);
const LATER = '5a'.repeat(32);
const snapshotFile = () => join(dir, 'bank-index.snapshot');

async function importHash(hex: string): Promise<void> {
  const list = join(dir, `${hex.slice(0, 4)}.txt`);
  await writeFile(list, `${hex}\n`);
  await cli('bank', 'import', 'confirmed', list);
}

async function verdict(server: ServerProcess, hex: string): Promise<string> {
  const r = await fetch(`${server.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hashes: { pdq: [hex] } }),
  });
  return ((await r.json()) as { verdict: string }).verdict;
}

const logged = (server: ServerProcess, msg: string) =>
  server.logs.some((line) => line.includes(`"msg":"${msg}`));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-index-snapshot-'));
  await cli('bank', 'create', 'confirmed');
  await importHash(FIRST);
  await cli('admin', 'create-org', 'alpha', '--kind', 'platform');
  key = (await cli('admin', 'create-key', '--org', 'alpha')).stdout.trim();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the match index snapshot', () => {
  it('is written at the first start and started from at the next, with the changes since', async () => {
    const first = await startServerProcess(dir, ENV);
    try {
      await vi.waitFor(() => expect(logged(first, 'match index snapshot written')).toBe(true), {
        timeout: 30_000,
      });
      expect(logged(first, 'match index snapshot not used')).toBe(true); // none yet
      expect(existsSync(snapshotFile())).toBe(true);
    } finally {
      await first.stop();
    }
    await importHash(LATER); // while no server runs: only the change feed has it

    const second = await startServerProcess(dir, ENV);
    try {
      expect(logged(second, 'match index snapshot loaded')).toBe(true);
      expect(await verdict(second, FIRST)).toBe('block');
      expect(await verdict(second, LATER)).toBe('block');
      expect(await verdict(second, 'f0'.repeat(32))).toBe('allow');
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('is not trusted when damaged: the banks are loaded from the store instead', async () => {
    const bytes = readFileSync(snapshotFile());
    bytes[100] = bytes[100] ^ 0xff;
    writeFileSync(snapshotFile(), bytes);
    const server = await startServerProcess(dir, ENV);
    try {
      expect(logged(server, 'match index snapshot not used; loading the banks')).toBe(true);
      expect(server.logs.join('\n')).toMatch(/does not match its checksum/);
      expect(await verdict(server, FIRST)).toBe('block');
      expect(await verdict(server, LATER)).toBe('block');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('is neither read nor written with HAECHI_INDEX_SNAPSHOT=off', async () => {
    await rm(snapshotFile());
    const server = await startServerProcess(dir, { ...ENV, HAECHI_INDEX_SNAPSHOT: 'off' });
    try {
      expect(await verdict(server, LATER)).toBe('block');
      expect(server.logs.some((line) => line.includes('match index snapshot'))).toBe(false);
      expect(existsSync(snapshotFile())).toBe(false);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
