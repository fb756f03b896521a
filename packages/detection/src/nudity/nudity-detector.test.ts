import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectorImage } from '@haechi/core';
import { decodeImage } from '@haechi/media';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import { NudityDetector } from './nudity-detector.js';

let detector: NudityDetector;
let photos: Array<{ name: string; image: DetectorImage }>;
const sexual = async (image: DetectorImage) =>
  (await detector.detect({ image, mediaType: 'image' })).find((s) => s.label === 'sexual')!.score;

beforeAll(async () => {
  detector = await NudityDetector.load();
  if (hasSharedTestdata) {
    const dir = join(SHARED_TESTDATA, 'photos');
    photos = await Promise.all(
      readdirSync(dir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
        .map(async (name) => ({
          name,
          image: (await decodeImage(
            new Uint8Array(readFileSync(join(dir, name))),
          )) as DetectorImage,
        })),
    );
  } else {
    photos = [1, 2, 3, 4, 5, 6].map((seed) => ({
      name: `synthetic-${seed}`,
      image: syntheticPhoto(320, 240, seed) as DetectorImage,
    }));
  }
});

describe('NudityDetector (nsfwjs MobileNetV2 on TensorFlow.js/WebAssembly)', () => {
  it('scores benign photos low: none reaches the policy threshold of 0.8, nearly all under 0.1', async () => {
    const scores: Array<[string, number]> = [];
    for (const { name, image } of photos) scores.push([name, await sexual(image)]);
    const low = scores.filter(([, s]) => s < 0.1).length;
    console.log(
      `nudity "sexual" on ${scores.length} benign photos: max ${Math.max(...scores.map(([, s]) => s))}, ${low} under 0.1`,
    );
    expect(scores.filter(([, s]) => s >= 0.8)).toEqual([]);
    expect(low / scores.length).toBeGreaterThanOrEqual(0.85);
  });

  it('returns both labels in 0…1, and the same scores batched as one at a time', async () => {
    const some = photos.slice(0, 4).map((p) => p.image);
    const alone: number[][] = [];
    for (const image of some)
      alone.push((await detector.detect({ image, mediaType: 'image' })).map((s) => s.score));
    const together = await Promise.all(
      some.map(async (image) =>
        (await detector.detect({ image, mediaType: 'image' })).map((s) => s.score),
      ),
    );
    expect(together).toEqual(alone);
    const first = await detector.detect({ image: some[0], mediaType: 'image' });
    expect(first.map((s) => [s.detector, s.label])).toEqual([
      ['nudity', 'sexual'],
      ['nudity', 'suggestive'],
    ]);
    for (const s of first) expect(s.score >= 0 && s.score <= 1).toBe(true);
  });

  it('reads grey and RGBA images too', async () => {
    const grey = {
      width: 64,
      height: 64,
      channels: 1 as const,
      data: new Uint8Array(64 * 64).fill(90),
    };
    const rgba = {
      width: 32,
      height: 16,
      channels: 4 as const,
      data: new Uint8Array(32 * 16 * 4).fill(200),
    };
    expect((await detector.detect({ image: grey, mediaType: 'image' })).length).toBe(2);
    expect((await detector.detect({ image: rgba, mediaType: 'image' })).length).toBe(2);
  });
});
