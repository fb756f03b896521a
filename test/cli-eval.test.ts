import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app11Packets, manifestStore, withSegments } from '@haechi/testkit/provenance-fixtures';
import { runCli } from './support/run-cli.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import { meanColourModel } from '@haechi/testkit/tiny-onnx';

let dir: string;
const jpegOf = async (seed: number) => {
  const image = syntheticPhoto(320, 240, seed);
  return new Uint8Array(
    await sharp(image.data, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-eval-'));
  const generated = manifestStore(
    'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  );
  const lines = ['path,positive'];
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const photo = await jpegOf(seed);
    const positive = seed <= 3;
    const name = `img-${seed}.jpg`;
    await writeFile(
      join(dir, name),
      positive ? withSegments(photo, ...app11Packets(generated, 60_000)) : photo,
    );
    lines.push(`${name},${positive ? 1 : 0}`);
  }
  await writeFile(join(dir, 'labels.csv'), `${lines.join('\n')}\n`);
  await writeFile(
    join(dir, 'tiny.onnx'),
    meanColourModel({ channels: 3, height: 16, width: 16, weights: [[1], [0], [0]], bias: [0] }),
  );
  await writeFile(
    join(dir, 'models.json'),
    JSON.stringify({
      detectors: [
        {
          type: 'onnx',
          name: 'tiny',
          model: 'tiny.onnx',
          labels: ['red'],
          input: { width: 16, height: 16 },
          output: 'sigmoid',
        },
      ],
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('haechi eval', () => {
  it('robustness: recall per alteration, dihedral matching, and no false matches', async () => {
    const result = await runCli([
      'eval',
      'robustness',
      '--json',
      '--transforms',
      'jpeg-q30,mirror,rotate-90,crop-5',
      dir,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      images: number;
      transforms: Array<{
        transform: string;
        recall: number;
        recallDihedral: number;
        falseMatches: number;
      }>;
      distinctPairs: number;
      distinctPairsMatching: number;
    };
    expect(report.images).toBe(6);
    expect(
      report.transforms.map((t) => [t.transform, t.recall, t.recallDihedral, t.falseMatches]),
    ).toEqual([
      ['jpeg-q30', 1, 1, 0],
      ['mirror', 0, 1, 0],
      ['rotate-90', 0, 1, 0],
      ['crop-5', expect.any(Number), expect.any(Number), 0],
    ]);
    expect([report.distinctPairs, report.distinctPairsMatching]).toEqual([15, 0]);
    const text = await runCli(['eval', 'robustness', '--transforms', 'jpeg-q30', dir]);
    expect(text.stdout).toContain('| jpeg-q30 | 6 | 1.000 | 1.000 | 1.000 |');
    const unknown = await runCli(['eval', 'robustness', '--transforms', 'sepia', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown transform "sepia"');
  });

  it('robustness: a border and a crop are found with every screening step, not as uploaded', async () => {
    const result = await runCli([
      'eval',
      'robustness',
      '--json',
      '--transforms',
      'border,crop-10',
      dir,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      transforms: Array<{
        transform: string;
        recall: number;
        recallFull: number;
        falseMatches: number;
      }>;
      distinctPairsMatchingFull: number;
    };
    expect(
      report.transforms.map((t) => [t.transform, t.recall, t.recallFull, t.falseMatches]),
    ).toEqual([
      ['border', 0, 1, 0],
      ['crop-10', 0, 1, 0],
    ]);
    expect(report.distinctPairsMatchingFull).toBe(0);
  });

  it('robustness --variants: one sub-folder per alteration, copies named like their originals', async () => {
    const variants = join(dir, 'variants');
    await mkdir(join(variants, 'framed'), { recursive: true });
    await mkdir(join(variants, 'swapped'), { recursive: true });
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const photo = await jpegOf(seed);
      const framed = await sharp(photo)
        .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#000000' })
        .png()
        .toBuffer();
      await writeFile(join(variants, 'framed', `img-${seed}.png`), framed);
      // Named after one original, showing the next: it must match that other image, not its own.
      await writeFile(join(variants, 'swapped', `img-${seed}.jpg`), await jpegOf((seed % 6) + 1));
    }
    const originals = [1, 2, 3, 4, 5, 6].map((seed) => join(dir, `img-${seed}.jpg`));
    const result = await runCli([
      'eval',
      'robustness',
      '--json',
      '--variants',
      variants,
      ...originals,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      transforms: Array<{
        transform: string;
        copies: number;
        recall: number;
        recallFull: number;
        falseMatches: number;
      }>;
    };
    expect(
      report.transforms.map((t) => [t.transform, t.copies, t.recall, t.recallFull, t.falseMatches]),
    ).toEqual([
      ['framed', 6, 0, 1, 0],
      ['swapped', 6, 0, 0, 6],
    ]);
  });

  it('detect: ROC-AUC, precision and recall of each score against the labels, with latency', async () => {
    const result = await runCli([
      'eval',
      'detect',
      '--labels',
      join(dir, 'labels.csv'),
      '--detectors',
      'provenance',
      '--models',
      join(dir, 'models.json'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      evaluations: Array<{ score: string; metrics: Record<string, unknown>; medianMs: number }>;
    };
    expect(
      report.evaluations.map((e) => [
        e.score,
        e.metrics['rocAuc'],
        e.metrics['precision'],
        e.metrics['recall'],
      ]),
    ).toEqual([
      ['provenance:ai_generated', 1, 1, 1],
      ['provenance:ai_composited', 0.5, null, 0],
      ['tiny:red', expect.any(Number), expect.any(Number), expect.any(Number)],
    ]);
    // Each detector reports its time (the bench, not this test, judges it).
    for (const e of report.evaluations) expect(Number.isFinite(e.medianMs)).toBe(true);
    const table = await runCli([
      'eval',
      'detect',
      '--labels',
      join(dir, 'labels.csv'),
      '--detectors',
      'provenance',
    ]);
    expect(table.stdout).toContain('6 images (3 positive, 3 negative), threshold 0.5');
    expect(table.stdout).toContain('| provenance:ai_generated | 1.000 | 1.000 | 1.000 | 0.000 |');
  });

  it('detect: refuses a bad labels file and unknown detectors with exit code 2', async () => {
    await writeFile(join(dir, 'bad.csv'), 'path,positive\nimg-1.jpg,maybe\n');
    const bad = await runCli([
      'eval',
      'detect',
      '--labels',
      join(dir, 'bad.csv'),
      '--detectors',
      'provenance',
    ]);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      `haechi eval detect: ${join(dir, 'bad.csv')}: line 2: expected "path,1" or "path,0"`,
    ]);
    const unknown = await runCli([
      'eval',
      'detect',
      '--labels',
      join(dir, 'labels.csv'),
      '--detectors',
      'oracle',
    ]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      2,
      'haechi eval detect: unknown detector "oracle" (known: provenance, nudity, face)',
    ]);
  });

  it.skipIf(!hasSharedTestdata)(
    'faces: TAR at FAR 1 % and 0.1 % over a folder of identities',
    async () => {
      const result = await runCli([
        'eval',
        'faces',
        '--json',
        '--calibrate-on',
        join(SHARED_TESTDATA, 'faces-calib'),
        join(SHARED_TESTDATA, 'faces'),
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect([
        report['people'],
        report['photos'],
        report['samePersonPairs'],
        report['differentPeoplePairs'],
      ]).toEqual([10, 40, 60, 720]);
      expect(report['tarAtFar1'].far).toBeLessThanOrEqual(0.01);
      expect(report['tarAtFar1'].tar).toBeGreaterThanOrEqual(0.75);
      expect(report['tarAtFar01'].far).toBeLessThanOrEqual(0.001);
      expect(report['atThreshold'].threshold).toBe(0.632);
      // The threshold calibrated on other people (faces-calib) is the one shipped, to 3 places.
      expect(report['calibrated'].threshold).toBeCloseTo(0.632, 3);
      expect(report['calibrated'].far).toBe(0);
      expect(report['calibrated'].farInterval[1]).toBeLessThan(0.006);
      const empty = await runCli(['eval', 'faces', dir]);
      expect(empty.code).toBe(1);
    },
    // 360 photos through the face model: about a minute alone, several on a busy 2-core machine.
    // A bound on waiting, not a judgement of speed (the bench measures that).
    600_000,
  );
});
