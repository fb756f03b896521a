import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { startServerProcess } from './support/run-server.js';

let dir: string;
let out: string;
const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });
const pdq = (n: number) => n.toString(16).padStart(64, '0');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-backup-'));
  out = await mkdtemp(join(tmpdir(), 'haechi-backup-out-'));
  await writeFile(join(out, 'list.txt'), `${pdq(1)}\n${pdq(2)}\n`);
  await cli('bank', 'create', 'confirmed');
  await cli('bank', 'import', 'confirmed', join(out, 'list.txt'));
  await cli('admin', 'create-org', 'webtoon', '--kind', 'platform');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe('haechi backup and restore', () => {
  it('backs up while a server runs, and restores the snapshot once it is stopped', async () => {
    const server = await startServerProcess(dir, {
      HAECHI_DETECTORS: '',
      HAECHI_MASTER_KEY: 'e'.repeat(64),
    });
    const file = join(out, 'snapshot.db');
    try {
      const backup = await cli('backup', file);
      expect([backup.code, backup.stderr]).toEqual([0, '']);
      expect(backup.stdout).toMatch(
        /^backed up to .*snapshot\.db: \d+ bytes, sha256 [0-9a-f]{64}, schema \d+, 3 audit entries, head [0-9a-f]{64}; anchors in .*snapshot\.db\.anchors\.jsonl\n$/,
      );
      expect((await cli('backup', file)).stderr).toBe(
        `haechi backup backup: ${file} exists: choose a new file\n`,
      );
      const refused = await cli('restore', file);
      expect([refused.code, refused.stderr]).toEqual([
        1,
        `haechi restore restore: a server is using ${join(dir, 'haechi.db')}: stop it before restoring\n`,
      ]);
    } finally {
      await server.stop();
    }
    // Changes after the backup…
    await writeFile(join(out, 'more.txt'), `${pdq(3)}\n`);
    await cli('bank', 'import', 'confirmed', join(out, 'more.txt'));
    expect(jsonLines((await cli('audit', 'list')).stdout)).toHaveLength(4);
    // …are gone after the restore; the store it replaced is kept aside.
    const restored = await cli('restore', file);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(jsonLines((await cli('audit', 'list')).stdout)).toHaveLength(3);
    expect((await cli('audit', 'verify')).stdout).toMatch(/^audit log verified: 3 entries/);
    expect(
      (await readdir(dir)).filter((f) => f.startsWith('haechi.db.before-restore-')),
    ).toHaveLength(1);
  });

  it('refuses a file that is not a whole Haechi store with an intact audit log', async () => {
    const good = join(out, 'good.db');
    await cli('backup', good);
    await writeFile(join(out, 'text.db'), 'just some text, not a database at all');
    const tampered = join(out, 'tampered.db');
    await copyFile(good, tampered);
    const db = new DatabaseSync(tampered);
    // Someone with the file edits history: the trigger that forbids it is dropped first.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2").run();
    db.close();
    const other = join(out, 'other.db');
    const plain = new DatabaseSync(other);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const results = await Promise.all(
      ['text.db', 'tampered.db', 'other.db', 'missing.db'].map((f) => cli('restore', join(out, f))),
    );
    expect(results.map((r) => [r.code, r.stderr.replace(`${out}/`, '')])).toEqual([
      [1, 'haechi restore restore: text.db is not a SQLite database\n'],
      [
        1,
        expect.stringMatching(
          /^haechi restore restore: tampered\.db: the audit log is broken at entry #2: /,
        ),
      ],
      [1, 'haechi restore restore: other.db is not a Haechi store\n'],
      [1, 'haechi restore restore: no such file: missing.db\n'],
    ]);
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});
