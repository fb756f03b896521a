import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';

let dir: string;
const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });
const pdq = (n: number) => n.toString(16).padStart(64, '0');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-audit-'));
  await writeFile(join(dir, 'list.txt'), `${pdq(1)}\n${pdq(2)}\n`);
  await cli('bank', 'create', 'confirmed');
  await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
  await cli('bank', 'withdraw', 'confirmed', pdq(1));
  await cli('admin', 'create-org', 'webtoon', '--kind', 'platform');
  await cli('admin', 'create-key', '--org', 'webtoon');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('haechi audit', () => {
  it('records every change with its actor, in a chain that verifies', async () => {
    const entries = jsonLines((await cli('audit', 'list')).stdout);
    expect(entries.map((e) => [e['seq'], e['action'], e['objectType']])).toEqual([
      [1, 'bank.created', 'bank'],
      [2, 'bank.entries_added', 'bank'],
      [3, 'bank.entries_withdrawn', 'bank'],
      [4, 'org.created', 'org'],
      [5, 'api_key.issued', 'api_key'],
    ]);
    expect(entries.every((e) => String(e['actor']).startsWith('cli:'))).toBe(true);
    expect(entries[1]!['details']).toEqual({ added: 2, duplicatesSkipped: 0 });
    expect(jsonLines((await cli('audit', 'list', '--object', 'bank:1')).stdout)).toHaveLength(3);
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^audit log verified: 5 entries, head [0-9a-f]{64}\n$/);
  });

  it('refuses to update or delete an entry through SQL', () => {
    const db = new Database(join(dir, 'haechi.db'));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      'the audit log is append-only',
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(
      'the audit log is append-only',
    );
    db.close();
  });

  it('names the first entry someone edited behind the triggers', async () => {
    const db = new Database(join(dir, 'haechi.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(
      `UPDATE audit_log SET details = '{"added":1,"duplicatesSkipped":0}' WHERE seq = 2`,
    ).run();
    db.close();
    const broken = await cli('audit', 'verify');
    expect(broken).toMatchObject({
      code: 1,
      stdout:
        'audit log BROKEN at entry #2: its content does not match its hash (the entry was edited) (1 entries before it verify)\n',
    });
  });

  it('names a deleted entry', async () => {
    const db = new Database(join(dir, 'haechi.db'));
    db.prepare(
      `UPDATE audit_log SET details = '{"added":2,"duplicatesSkipped":0}' WHERE seq = 2`,
    ).run();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    db.close();
    expect((await cli('audit', 'verify')).stdout).toBe(
      'audit log BROKEN at entry #5: expected entry #4 next, found #5 (an entry was deleted or moved) (3 entries before it verify)\n',
    );
  });
});
