import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computePdq, computePdqDihedral, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, jsonLines, runCli } from './support/run-cli.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticImage } from '@haechi/testkit/synthetic-images';

let dir: string;
const encode = (seed: number) => {
  const image = syntheticImage(160, 120, seed);
  return sharp(Buffer.from(image.data), { raw: { width: 160, height: 120, channels: 3 } });
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-cli-'));
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'a.png'), await encode(1).png().toBuffer());
  await writeFile(join(dir, 'b.jpg'), await encode(2).jpeg().toBuffer());
  await writeFile(join(dir, 'sub', 'c.webp'), await encode(3).webp().toBuffer());
  const jpeg = await encode(4).jpeg().toBuffer();
  await writeFile(join(dir, 'bad.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  await writeFile(join(dir, 'empty.png'), new Uint8Array(0));
  await writeFile(join(dir, 'notes.txt'), 'not an image');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What `haechi hash` must print for a file, computed here in-process from the same bytes. */
async function expectedLine(path: string) {
  const bytes = await readFile(path);
  const { hash, quality } = computePdq(await decodeImage(bytes));
  return {
    path,
    pdq: formatHash256(hash),
    quality,
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

describe('haechi hash', () => {
  it('hashes every image under a directory in name order, reports bad files, exits 1', async () => {
    const result = await runCli(['hash', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout)).toEqual([
      await expectedLine(join(dir, 'a.png')),
      await expectedLine(join(dir, 'b.jpg')),
      {
        path: join(dir, 'bad.jpg'),
        error: 'the jpeg file ends early (truncated or damaged)',
        code: 'media_truncated',
      },
      { path: join(dir, 'empty.png'), error: 'the file is empty (0 bytes)', code: 'media_empty' },
      await expectedLine(join(dir, 'sub', 'c.webp')),
    ]);
  });

  it('exits 0 when every file hashes', async () => {
    const result = await runCli(['hash', join(dir, 'a.png'), join(dir, 'sub')]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      await expectedLine(join(dir, 'a.png')),
      await expectedLine(join(dir, 'sub', 'c.webp')),
    ]);
  });

  it('prints the eight dihedral hashes with --dihedral', async () => {
    const path = join(dir, 'b.jpg');
    const result = await runCli(['hash', '--dihedral', path]);
    const expected = computePdqDihedral(await decodeImage(await readFile(path)));
    const [line] = jsonLines(result.stdout);
    expect(line?.['dihedral']).toEqual(expected.hashes.map(formatHash256));
    expect(line?.['pdq']).toBe(formatHash256(expected.hashes[0]));
    expect(Object.keys(line ?? {})).toEqual([
      'path',
      'pdq',
      'quality',
      'md5',
      'sha256',
      'dihedral',
    ]);
  });

  it('tries files named explicitly whatever their extension, and says what they are', async () => {
    const result = await runCli(['hash', join(dir, 'notes.txt'), join(dir, 'missing.jpg')]);
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([
      {
        path: join(dir, 'notes.txt'),
        error:
          'not a supported image (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC): the data looks like unknown data starting with bytes 6e 6f 74 20',
        code: 'media_unsupported_type',
      },
      {
        path: join(dir, 'missing.jpg'),
        error: 'no such file or directory',
        code: 'file_unreadable',
      },
    ]);
  });

  it('applies --max-bytes and --max-pixels', async () => {
    const path = join(dir, 'a.png');
    const size = (await readFile(path)).length;
    const bytes = await runCli(['hash', '--max-bytes', '100', path]);
    expect(jsonLines(bytes.stdout)).toEqual([
      { path, error: `the file is ${size} bytes; the limit is 100 bytes`, code: 'media_too_large' },
    ]);
    const pixels = await runCli(['hash', '--max-pixels', '19199', path]);
    expect(jsonLines(pixels.stdout)[0]?.['error']).toBe(
      'the image is 160×120 = 19200 pixels; the limit is 19199 pixels',
    );
  });

  it('gives the same lines on one thread and on a pool', async () => {
    const one = await runCli(['hash', '--jobs', '1', dir]);
    const pool = await runCli(['hash', '--jobs', '3', dir]);
    expect(pool.stdout).toBe(one.stdout);
  });

  it('exits 2 on usage errors', async () => {
    const none = await runCli(['hash']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing required argument 'paths'");
    const jobs = await runCli(['hash', '--jobs', '0', dir]);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('must be a whole number ≥ 1');
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('says so on stderr when a folder holds no images', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'haechi-empty-'));
    const result = await runCli(['hash', empty]);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      0,
      '',
      'haechi hash: no image files found\n',
    ]);
    await rm(empty, { recursive: true });
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    // `script` runs the command on a pseudo-terminal, as a person at a shell would.
    const output = await new Promise<string>((resolve) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${CLI} hash --jobs 2 ${dir}/sub ${dir}/a.png`, '/dev/null'],
        (_e, stdout) => resolve(stdout),
      );
    });
    expect(output).toContain('hashing');
    expect(output).toContain('2/2 images');
  });
});

describe.skipIf(!hasSharedTestdata)('haechi hash on ../shared/testdata/photos', () => {
  it('hashes all 30 photos in parallel without an error', async () => {
    const photos = join(SHARED_TESTDATA, 'photos');
    const jpgs = (await readdir(photos)).filter((f) => f.endsWith('.jpg')).sort();
    const result = await runCli(['hash', photos]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l['path'])).toEqual(jpgs.map((f) => join(photos, f)));
    expect(lines.every((l) => typeof l['pdq'] === 'string' && l['pdq'].length === 64)).toBe(true);
    expect(lines[0]).toEqual(await expectedLine(join(photos, jpgs[0])));
  });
});

describe('haechi demo', () => {
  it('generates the demo set and judges every image as expected', async () => {
    const demoDir = join(dir, 'demo');
    const result = await runCli(['demo', '--dir', demoDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('As expected: every copy but the crop is blocked');
    expect(result.stdout).toMatch(
      /copy-mirrored\.jpg .* BLOCK: matches the known image once turned back \(flipY\)/,
    );
    expect(result.stdout).toMatch(/other-scene-a\.jpg .* allow: no match/);
    expect((await readdir(demoDir)).length).toBe(11);
  });
});
