import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresPool } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { startServerProcess } from './support/run-server.js';

const DATABASE_URL = process.env['DATABASE_URL'];
const schema = `haechi_bk_${randomBytes(5).toString('hex')}`;
const otherSchema = `${schema}_other`;
let dir: string;
const env = (s = schema) => ({
  DATABASE_URL: DATABASE_URL as string,
  HAECHI_DATABASE_SCHEMA: s,
  HAECHI_DATA: dir,
});
const cli = (...args: string[]) => runCli(args, env());
const pdq = (n: number) => n.toString(16).padStart(64, '0');

/** Runs SQL in the test's schemas (as a superuser who can drop the audit log's guards). */
async function sql(text: string, s = schema): Promise<Array<Record<string, unknown>>> {
  const pool = openPostgresPool(DATABASE_URL as string, { schema: s, max: 1 });
  try {
    return (await pool.query(text)).rows;
  } finally {
    await pool.end();
  }
}

describe.skipIf(!DATABASE_URL)('haechi backup and restore on PostgreSQL', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-pg-backup-'));
    await writeFile(join(dir, 'list.txt'), `${pdq(1)}\n${pdq(2)}\n`);
    await cli('bank', 'create', 'confirmed');
    await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
    await cli('admin', 'create-org', 'webtoon', '--kind', 'platform');
  });
  afterAll(async () => {
    const admin = openPostgresPool(DATABASE_URL as string);
    const { rows } = await admin.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
      [`${schema}%`],
    );
    for (const { nspname } of rows) await admin.query(`DROP SCHEMA ${nspname} CASCADE`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up while a server runs, and restores the snapshot once it is stopped', async () => {
    const server = await startServerProcess(dir, {
      ...env(),
      HAECHI_DETECTORS: '',
      HAECHI_MASTER_KEY: 'e'.repeat(64),
    });
    const file = join(dir, 'snapshot.pgdump');
    try {
      const backup = await cli('backup', file);
      expect([backup.code, backup.stderr]).toEqual([0, '']);
      expect(backup.stdout).toMatch(
        new RegExp(
          `^backed up PostgreSQL schema "${schema}" to .*snapshot\\.pgdump: \\d+ bytes, sha256 [0-9a-f]{64}, schema \\d+, 3 audit entries, head [0-9a-f]{64}; anchors in .*snapshot\\.pgdump\\.anchors\\.jsonl\\n$`,
        ),
      );
      expect((await cli('backup', file)).stderr).toBe(
        `haechi backup backup: ${file} exists: choose a new file\n`,
      );
      const refused = await cli('restore', file);
      expect([refused.code, refused.stderr]).toEqual([
        1,
        `haechi restore restore: a server is using schema "${schema}": stop it before restoring\n`,
      ]);
    } finally {
      await server.stop();
    }
    // Changes after the backup…
    await writeFile(join(dir, 'more.txt'), `${pdq(3)}\n`);
    await cli('bank', 'import', 'confirmed', join(dir, 'more.txt'));
    expect(jsonLines((await cli('audit', 'list')).stdout)).toHaveLength(4);
    // …are gone after the restore; the schema it replaced is kept aside, whole.
    const restored = await cli('restore', file);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const keptAs = /kept as "(\w+)"/.exec(restored.stdout)?.[1] as string;
    expect(keptAs).toMatch(new RegExp(`^${schema}_before_restore_\\d{8}t\\d{6}$`));
    expect(jsonLines((await cli('audit', 'list')).stdout)).toHaveLength(3);
    expect((await cli('audit', 'verify')).stdout).toMatch(/^audit log verified: 3 entries/);
    expect(await sql('SELECT COUNT(*)::int AS n FROM bank_entries')).toEqual([{ n: 2 }]);
    expect(await sql('SELECT COUNT(*)::int AS n FROM audit_log', keptAs)).toEqual([{ n: 4 }]);
    // The restored schema keeps its guards: history still cannot be edited.
    await expect(sql("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).rejects.toThrow(
      'the audit log is append-only',
    );
  });

  it('refuses files that are not a checked backup of this schema', async () => {
    await writeFile(join(dir, 'text.pgdump'), 'just some text, not a backup at all');
    // A backup of another deployment's schema is not restored over this one.
    await runCli(['bank', 'create', 'other'], env(otherSchema));
    const other = await runCli(['backup', join(dir, 'other.pgdump')], env(otherSchema));
    expect(other.code).toBe(0);
    // An embedded store's backup is not a PostgreSQL backup.
    await runCli(['bank', 'create', 'embedded'], { HAECHI_DATA: join(dir, 'embedded') });
    await runCli(['backup', join(dir, 'embedded.db')], { HAECHI_DATA: join(dir, 'embedded') });
    const results = await Promise.all(
      ['text.pgdump', 'other.pgdump', 'embedded.db', 'missing.pgdump'].map((f) =>
        cli('restore', join(dir, f)),
      ),
    );
    expect(results.map((r) => [r.code, r.stderr.replaceAll(`${dir}/`, '')])).toEqual([
      [
        1,
        expect.stringMatching(
          /^haechi restore restore: text\.pgdump is not a PostgreSQL backup \(/,
        ),
      ],
      [
        1,
        `haechi restore restore: other.pgdump holds schema "${otherSchema}", not "${schema}": set HAECHI_DATABASE_SCHEMA=${otherSchema} to restore it\n`,
      ],
      [
        1,
        expect.stringMatching(
          /^haechi restore restore: embedded\.db is not a PostgreSQL backup \(/,
        ),
      ],
      [1, 'haechi restore restore: no such file: missing.pgdump\n'],
    ]);
    // Someone with database rights edits history: the backup refuses to certify it.
    await sql(
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2",
    );
    const tampered = await cli('backup', join(dir, 'tampered.pgdump'));
    expect([tampered.code, tampered.stderr.replaceAll(`${dir}/`, '')]).toEqual([
      1,
      expect.stringMatching(
        /^haechi backup backup: tampered\.pgdump\.partial: the audit log is broken at entry #2: /,
      ),
    ]);
    expect(existsSync(join(dir, 'tampered.pgdump'))).toBe(false);
    expect(existsSync(join(dir, 'tampered.pgdump.partial'))).toBe(false);
    const noStore = await runCli(['backup', join(dir, 'none.pgdump')], {
      DATABASE_URL: DATABASE_URL as string,
      HAECHI_DATABASE_SCHEMA: `${schema}_none`,
    });
    expect(noStore.stderr).toBe(
      `haechi backup backup: no Haechi store in schema "${schema}_none" of DATABASE_URL\n`,
    );
  });
});
