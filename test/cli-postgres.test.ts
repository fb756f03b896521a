import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresPool } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const DATABASE_URL = process.env['DATABASE_URL'];
const schema = `haechi_cli_${randomBytes(6).toString('hex')}`;
let dir: string;
const cli = (...args: string[]) =>
  runCli(args, {
    DATABASE_URL: DATABASE_URL as string,
    HAECHI_DATABASE_SCHEMA: schema,
    HAECHI_DATA: dir,
  });

// An operator bootstraps a PostgreSQL deployment with the same commands as an embedded one.
describe.skipIf(!DATABASE_URL)('haechi on PostgreSQL (DATABASE_URL)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-cli-pg-'));
  });
  afterAll(async () => {
    const admin = openPostgresPool(DATABASE_URL as string);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates organisations, keys and banks there, and verifies its audit log', async () => {
    expect((await cli('admin', 'create-org', 'alpha', '--kind', 'platform')).stdout).toBe(
      'created platform "alpha" (id 1, KR)\n',
    );
    expect((await cli('admin', 'create-key', '--org', 'alpha')).stdout).toMatch(/^hk_/);
    await cli('bank', 'create', 'confirmed');
    await writeFile(join(dir, 'list.txt'), `${'ab'.repeat(32)}\n${'cd'.repeat(32)}\n`);
    expect((await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'))).stdout).toMatch(
      /^imported 2 entries into "confirmed"/,
    );
    const verified = await cli('audit', 'verify');
    expect([verified.code, verified.stdout]).toEqual([
      0,
      expect.stringMatching(/^audit log verified: 4 entries/),
    ]);
    const pool = openPostgresPool(DATABASE_URL as string, { schema });
    const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM bank_entries');
    await pool.end();
    expect(rows[0]?.n).toBe(2);
  });
});
