import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computePdq,
  computePdqDihedral,
  formatHash256,
  hammingDistance,
  md5Hex,
} from '@haechi/hashing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { syntheticImage, transformImage } from '@haechi/testkit/synthetic-images';

let dir: string;
const known = syntheticImage(300, 300, 3);
const knownHex = formatHash256(computePdq(known).hash);
const mirroredHex = formatHash256(
  computePdq(transformImage(known, (x, y, w) => [w - 1 - x, y], false)).hash,
);
const otherHex = formatHash256(computePdq(syntheticImage(300, 300, 1)).hash);
const nearHex = formatHash256(
  computePdqDihedral(known).hashes[0].map((b, i) => (i === 0 ? b ^ 0x0f : b)),
);
const md5 = md5Hex(new TextEncoder().encode('some file'));
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-match-'));
  await writeFile(
    path('bank.csv'),
    [
      'signal_type,signal,category',
      `pdq,${otherHex},x`,
      `pdq,${knownHex},deepfake`,
      `md5,${md5},deepfake`,
    ].join('\n'),
  );
  await writeFile(path('bank.txt'), `${otherHex}\n${knownHex}\n`);
  await writeFile(path('queries.txt'), [knownHex, nearHex, mirroredHex, 'nothex'].join('\n'));
  await writeFile(
    path('queries.jsonl'),
    JSON.stringify({ signal_type: 'md5', signal: md5.toUpperCase() }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('haechi match', () => {
  it('prints one line per query with every bank hash within the radius and its line', async () => {
    const result = await runCli(['match', '--bank', path('bank.csv'), path('queries.txt')]);
    expect(result.code).toBe(1); // the bad query line
    expect(jsonLines(result.stdout)).toEqual([
      { query: knownHex, matches: [{ hash: knownHex, distance: 0, line: 3 }] },
      { query: nearHex, matches: [{ hash: knownHex, distance: 4, line: 3 }] },
      { query: mirroredHex, matches: [] },
      { line: 4, error: 'PDQ hash must be 64 hex digits, got 6' },
    ]);
  });

  it('finds a mirrored copy with --dihedral, naming the variant', async () => {
    const result = await runCli([
      'match',
      '--bank',
      path('bank.txt'),
      '--dihedral',
      path('queries.txt'),
    ]);
    const mirrored = jsonLines(result.stdout)[2];
    const matches = mirrored['matches'] as Array<Record<string, number | string>>;
    expect(matches.map((m) => [m['line'], m['variant']])).toEqual([[2, 5]]);
    expect(matches[0]['distance']).toBeLessThanOrEqual(20);
    expect(
      hammingDistance(Buffer.from(mirroredHex, 'hex'), Buffer.from(knownHex, 'hex')),
    ).toBeGreaterThan(31);
  });

  it('honours --radius', async () => {
    const result = await runCli([
      'match',
      '--bank',
      path('bank.txt'),
      '--radius',
      '3',
      path('queries.txt'),
    ]);
    expect(jsonLines(result.stdout)[1]).toEqual({ query: nearHex, matches: [] });
  });

  it('matches MD5 and SHA-256 exactly', async () => {
    const result = await runCli(['match', '--bank', path('bank.csv'), path('queries.jsonl')]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      { query: md5, matches: [{ hash: md5, distance: 0, line: 4 }] },
    ]);
  });

  it('refuses a bank with bad rows, naming each line, unless --skip-invalid', async () => {
    await writeFile(
      path('bad.csv'),
      [
        'signal_type,signal',
        `pdq,${knownHex.slice(2)}`,
        `sha1,${knownHex}`,
        `pdq,${knownHex}`,
      ].join('\n'),
    );
    const refused = await runCli(['match', '--bank', path('bad.csv'), path('queries.txt')]);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toBe(
      `haechi match: bank file ${path('bad.csv')} has 2 bad row(s); nothing was loaded (use --skip-invalid to skip them):\n` +
        '  line 2: PDQ hash must be 64 hex digits, got 62\n' +
        '  line 3: unknown signal type "sha1"; expected one of pdq, md5, sha256, vpdq\n',
    );
    const skipped = await runCli([
      'match',
      '--bank',
      path('bad.csv'),
      '--skip-invalid',
      path('queries.txt'),
    ]);
    expect(skipped.stderr).toBe(
      `haechi match: skipped ${path('bad.csv')} line 2: PDQ hash must be 64 hex digits, got 62\n` +
        `haechi match: skipped ${path('bad.csv')} line 3: unknown signal type "sha1"; expected one of pdq, md5, sha256, vpdq\n`,
    );
    expect(jsonLines(skipped.stdout)[0]).toEqual({
      query: knownHex,
      matches: [{ hash: knownHex, distance: 0, line: 4 }],
    });
  });

  it('says so when the bank file does not exist, and checks its options', async () => {
    const missing = await runCli(['match', '--bank', path('nope.csv'), path('queries.txt')]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `haechi match: cannot read bank file ${path('nope.csv')}: no such file\n`,
    ]);
    expect((await runCli(['match', path('queries.txt')])).stderr).toContain(
      "required option '--bank <file>' not specified",
    );
    expect(
      (await runCli(['match', '--bank', path('bank.csv'), '--radius', '300', path('queries.txt')]))
        .code,
    ).toBe(2);
  });
});
