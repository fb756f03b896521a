import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { jsonLines, runCli } from './support/run-cli.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const pdq = (n: number) => n.toString(16).padStart(64, '0');
const md5 = (n: number) => n.toString(16).padStart(32, '0');

let dir: string;
let data: string;
const path = (name: string) => join(dir, name);
const bank = (...args: string[]) => runCli(['bank', ...args], { HAECHI_DATA: data });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-cli-bank-'));
  data = path('data');
  await writeFile(
    path('good.csv'),
    ['signal_type,signal,category', `pdq,${pdq(1)},deepfake`, `md5,${md5(2)},`].join('\n'),
  );
  await writeFile(
    path('bad.csv'),
    ['signal_type,signal,category', `pdq,${pdq(3)},x`, `pdq,${pdq(4)}`, `pdq,${pdq(1)},y`].join(
      '\n',
    ),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('haechi bank', () => {
  it('creates banks in the data folder and refuses a taken or malformed name', async () => {
    expect(await bank('create', 'confirmed', '--description', 'KCSC decisions')).toEqual({
      code: 0,
      stdout: 'created bank "confirmed"\n',
      stderr: '',
    });
    expect(existsSync(join(data, 'haechi.db'))).toBe(true);
    expect(await bank('create', 'confirmed')).toMatchObject({
      code: 1,
      stderr: 'haechi bank create: a bank named "confirmed" already exists\n',
    });
    expect((await bank('create', '../x')).stderr).toContain('invalid bank name "../x"');
  });

  it('imports all or nothing, naming every bad line, unless told to skip them', async () => {
    expect((await bank('import', 'confirmed', path('good.csv'))).stdout).toBe(
      'imported 2 entries into "confirmed"\n',
    );
    expect(await bank('import', 'confirmed', path('bad.csv'))).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'haechi bank import: 2 bad row(s); nothing was imported into "confirmed" (skip them with --skip-invalid):',
        '  line 3: expected 3 fields as in the header, got 2',
        `  line 4: pdq ${pdq(1)} is already in the bank`,
        '',
      ].join('\n'),
    });
    expect(await bank('import', 'confirmed', path('bad.csv'), '--skip-invalid')).toEqual({
      code: 0,
      stdout: 'imported 1 entries into "confirmed" (2 rows skipped)\n',
      stderr: [
        'haechi bank import: skipped line 3: expected 3 fields as in the header, got 2',
        `haechi bank import: skipped line 4: pdq ${pdq(1)} is already in the bank`,
        '',
      ].join('\n'),
    });
    expect(await bank('import', 'nope', path('good.csv'))).toMatchObject({
      code: 1,
      stderr: 'haechi bank import: no bank named "nope"\n',
    });
    expect((await bank('import', 'confirmed', path('missing.csv'))).stderr).toBe(
      `haechi bank import: no such file: ${path('missing.csv')}\n`,
    );
  });

  it('lists banks with their counts, for people and as JSON', async () => {
    const listed = await bank('list');
    expect(listed.stdout.split('\n')[0]).toBe(
      'bank       active  withdrawn  created     description',
    );
    expect(jsonLines((await bank('list', '--json')).stdout)).toMatchObject([
      { name: 'confirmed', activeEntries: 3, withdrawnEntries: 0, description: 'KCSC decisions' },
    ]);
  });

  it('exports in each format, to a file written whole', async () => {
    expect((await bank('export', 'confirmed')).stdout).toBe(
      [
        'signal_type,signal,category',
        `pdq,${pdq(1)},deepfake`,
        `md5,${md5(2)},`,
        `pdq,${pdq(3)},x`,
        '',
      ].join('\n'),
    );
    const hex = await bank(
      'export',
      'confirmed',
      '--format',
      'hex',
      '--signal-type',
      'pdq',
      '-o',
      path('out.txt'),
    );
    expect(hex).toEqual({ code: 0, stdout: '', stderr: `wrote 2 lines to ${path('out.txt')}\n` });
    expect(await readFile(path('out.txt'), 'utf8')).toBe(`${pdq(1)}\n${pdq(3)}\n`);
    expect(existsSync(path('out.txt.partial'))).toBe(false);
    const usage = await bank('export', 'confirmed', '--format', 'hex');
    expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([
      2,
      'error: a hex list holds one signal type: add --signal-type',
    ]);
  });

  it('withdraws signals, keeps them in history, and says which were not active', async () => {
    expect(await bank('withdraw', 'confirmed', pdq(3), pdq(9))).toEqual({
      code: 0,
      stdout: 'withdrew 1 entries from "confirmed"\n',
      stderr: `haechi bank withdraw: not active in "confirmed": pdq ${pdq(9)}\n`,
    });
    expect((await bank('withdraw', 'confirmed', 'zz')).stderr).toBe(
      'haechi bank withdraw: signal 1: PDQ hash must be 64 hex digits, got 2\n',
    );
    expect((await bank('withdraw', 'confirmed')).code).toBe(2);
    expect(
      (await bank('export', 'confirmed', '--format', 'jsonl', '--include-withdrawn')).stdout
        .trim()
        .split('\n'),
    ).toHaveLength(3);
  });

  it('prints the delta feed after a cursor, and a second instance mirrors it exactly once', async () => {
    const feed = jsonLines((await bank('feed')).stdout);
    expect(feed.map((c) => [c['seq'], c['op'], c['signal']])).toEqual([
      [1, 'add', pdq(1)],
      [2, 'add', md5(2)],
      [3, 'add', pdq(3)],
      [4, 'withdraw', pdq(3)],
    ]);
    expect(jsonLines((await bank('feed', '--since', '3')).stdout)).toHaveLength(1);
    expect((await bank('feed', '--since', 'x')).code).toBe(2);
    await writeFile(path('feed.jsonl'), (await bank('feed', '--limit', '3')).stdout);

    const other = (...args: string[]) => runCli(['bank', '--data', path('other'), ...args]);
    await other('create', 'kr-confirmed');
    const mirror = ['mirror', 'kr-confirmed', path('feed.jsonl'), '--source', 'peer'];
    expect((await other(...mirror)).stdout).toBe(
      'mirrored into "kr-confirmed": 3 added, 0 withdrawn, 0 already applied; cursor 3\n',
    );
    await writeFile(path('feed.jsonl'), (await bank('feed')).stdout);
    expect((await other(...mirror)).stdout).toBe(
      'mirrored into "kr-confirmed": 0 added, 1 withdrawn, 3 already applied; cursor 4\n',
    );
    expect((await other('export', 'kr-confirmed', '--format', 'jsonl')).stdout).toBe(
      (await bank('export', 'confirmed', '--format', 'jsonl')).stdout,
    );
    await writeFile(path('broken.jsonl'), '{"seq":1}\n');
    expect(
      (await other('mirror', 'kr-confirmed', path('broken.jsonl'), '--source', 'x')).stderr,
    ).toBe(
      `haechi bank mirror: ${path('broken.jsonl')} line 1: "op" must be "add" or "withdraw"\n`,
    );
  });
  it("imports what `haechi hash` prints, as it is: each file's PDQ, MD5 and SHA-256", async () => {
    const photo = syntheticPhoto(320, 240, 7);
    await sharp(photo.data, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(path('photo.jpg'));
    await writeFile(path('notes.txt'), 'not an image');
    const hashed = await runCli(['hash', path('photo.jpg'), path('notes.txt')]);
    await writeFile(path('hashes.jsonl'), hashed.stdout);
    await bank('create', 'from-hash');
    expect((await bank('import', 'from-hash', path('hashes.jsonl'))).stderr).toMatch(
      /^haechi bank import: 1 bad row\(s\); nothing was imported into "from-hash" .*\n {2}line 2: ".*notes\.txt" was not hashed: not a supported image/,
    );
    expect(
      (await bank('import', 'from-hash', path('hashes.jsonl'), '--skip-invalid')).stdout,
    ).toContain('imported 3 entries into "from-hash"');
    const [file] = jsonLines(hashed.stdout);
    const exported = jsonLines((await bank('export', 'from-hash', '--format', 'jsonl')).stdout);
    expect(exported.map((e) => [e['signal_type'], e['signal']])).toEqual([
      ['pdq', file?.['pdq']],
      ['md5', file?.['md5']],
      ['sha256', file?.['sha256']],
    ]);
  });
  it('banks a picture with its crops from `haechi hash --enrol`, and exports them in JSON lines', async () => {
    // A picture with detail in every corner: each crop has the quality to be banked.
    const photo = syntheticPhoto(400, 300, 7);
    await sharp(photo.data, { raw: { width: 400, height: 300, channels: 3 } })
      .png()
      .toFile(path('enrol.png'));
    const hashed = await runCli(['hash', '--enrol', path('enrol.png')]);
    const [line] = jsonLines(hashed.stdout);
    const crops = line?.['crops'] as Array<{ crop: string; signal: string }>;
    expect(crops.map((c) => c.crop)).toEqual([
      'centre-90',
      'centre-80',
      'left-90',
      'right-90',
      'top-90',
      'bottom-90',
    ]);
    await writeFile(path('enrol.jsonl'), hashed.stdout);
    await bank('create', 'enrolled');
    // One picture: three entries (PDQ, MD5, SHA-256), its crops part of the PDQ's.
    expect((await bank('import', 'enrolled', path('enrol.jsonl'))).stdout).toContain(
      'imported 3 entries into "enrolled"',
    );
    const exported = jsonLines((await bank('export', 'enrolled', '--format', 'jsonl')).stdout);
    expect(exported[0]).toEqual({
      signal_type: 'pdq',
      signal: line?.['pdq'],
      labels: {},
      derived: crops,
    });
    expect(exported.slice(1).map((e) => e['derived'])).toEqual([undefined, undefined]);
  });
});
