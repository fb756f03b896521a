import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chainAuditEntry, type AuditAction } from '@haechi/core';
import { sha256Text } from '@haechi/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
    expect(entries[1]['details']).toEqual({ added: 2, duplicatesSkipped: 0 });
    expect(jsonLines((await cli('audit', 'list', '--object', 'bank:1')).stdout)).toHaveLength(3);
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /^audit log verified: 5 entries, head [0-9a-f]{64}; 5 signed anchors, the latest at entry #5\n$/,
    );
  });

  it('refuses to update or delete an entry through SQL', () => {
    const db = new DatabaseSync(join(dir, 'haechi.db'));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      'the audit log is append-only',
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(
      'the audit log is append-only',
    );
    db.close();
  });

  it('names the first entry someone edited behind the triggers', async () => {
    const db = new DatabaseSync(join(dir, 'haechi.db'));
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
    const db = new DatabaseSync(join(dir, 'haechi.db'));
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

// Whoever can write the store can drop the triggers and rewrite the chain with the project's own
// hash: only the signed anchors, kept outside the store, give that away.
describe('haechi audit verify against the signed anchors', () => {
  let store: string;
  const run = (...args: string[]) => runCli(args, { HAECHI_DATA: store });
  const rows = () => {
    const db = new DatabaseSync(join(store, 'haechi.db'));
    const all = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<
      Record<string, string | number | null>
    >;
    db.close();
    return all;
  };
  /** Rewrites the whole log as `entries`, chained afresh with the project's own hash. */
  const rewrite = (entries: Array<Record<string, string | number | null>>) => {
    const db = new DatabaseSync(join(store, 'haechi.db'));
    db.exec(
      'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete',
    );
    db.exec('DELETE FROM audit_log');
    let previous: { seq: number; hash: string } | null = null;
    for (const row of entries) {
      const entry = chainAuditEntry(
        {
          at: String(row['at']),
          actor: String(row['actor']),
          action: row['action'] as AuditAction,
          objectType: String(row['object_type']),
          objectId: String(row['object_id']),
          beforeDigest: row['before_digest'] as string | null,
          afterDigest: row['after_digest'] as string | null,
          details: JSON.parse(String(row['details'])) as Record<string, unknown>,
        },
        previous,
        sha256Text,
      );
      db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before_digest, after_digest, details, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        entry.seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.objectType,
        entry.objectId,
        entry.beforeDigest,
        entry.afterDigest,
        JSON.stringify(entry.details),
        entry.prevHash,
        entry.hash,
      );
      previous = entry;
    }
    db.close();
  };

  beforeEach(async () => {
    store = await mkdtemp(join(tmpdir(), 'haechi-anchors-'));
    await writeFile(join(store, 'list.txt'), `${pdq(1)}\n${pdq(2)}\n`);
    await run('bank', 'create', 'confirmed');
    await run('bank', 'import', 'confirmed', join(store, 'list.txt'));
    await run('admin', 'create-org', 'webtoon', '--kind', 'platform');
  });
  afterEach(() => rm(store, { recursive: true, force: true }));

  it('fails when the tail was deleted, even though the rest of the chain holds', async () => {
    rewrite(rows().slice(0, 2));
    expect(await run('audit', 'verify')).toMatchObject({
      code: 1,
      stdout:
        'audit log BROKEN: the log ends at entry #2, but entry #3 was anchored (entries were deleted from its end)\n',
    });
  });

  it('fails when an entry was removed and the chain recomputed with the project’s own hash', async () => {
    const [first, , third] = rows();
    rewrite([first, third]);
    expect(await run('audit', 'verify', '--unanchored')).toMatchObject({ code: 1 });
    expect((await run('audit', 'verify')).stdout).toMatch(
      /^audit log BROKEN: entry #2 is not the one anchored at .* \(the chain was rewritten from there or before\)\n$/,
    );
  });

  it('fails on a forged anchor, and on a log with no anchors at all', async () => {
    const file = join(store, 'audit-anchors.jsonl');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const forged = { ...(JSON.parse(lines.at(-1)!) as Record<string, unknown>), seq: 1 };
    await writeFile(file, `${[...lines, JSON.stringify(forged)].join('\n')}\n`);
    expect((await run('audit', 'verify')).stdout).toMatch(
      /^audit log NOT verified: anchor 4 in .*audit-anchors\.jsonl \(entry #1\) is not signed by the instance key\n$/,
    );
    await rm(file);
    const unanchored = await run('audit', 'verify');
    expect(unanchored.code).toBe(1);
    expect(unanchored.stdout).toMatch(/^audit log NOT verified: its chain holds \(3 entries/);
    expect(await run('audit', 'verify', '--unanchored')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^audit log verified: 3 entries, head [0-9a-f]{64} \(its chain alone: no anchors\)\n$/,
      ),
    });
  });
});
