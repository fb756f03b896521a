import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../video/decode-video.js';
import { decodeAnimationFrames } from './decode-animation.js';
import { isAnimatedPng } from './image-format.js';

const run = promisify(execFile);

const flat = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer();
const animated = async (colours: string[], delay: number[], format: 'gif' | 'webp' = 'gif') => {
  const joined = sharp(await Promise.all(colours.map(flat)), { join: { animated: true } });
  const out =
    format === 'gif'
      ? joined.gif({ delay, loop: 0 })
      : joined.webp({ delay, loop: 0, lossless: true });
  return new Uint8Array(await out.toBuffer());
};
const firstPixel = (image: { data: Uint8Array | Uint8ClampedArray }) => [
  ...image.data.subarray(0, 3),
];

describe('decodeAnimationFrames', () => {
  it('keeps each new scene of a GIF when it is first shown, and a long one once a second', async () => {
    const bytes = await animated(['#ff0000', '#00ff00', '#0000ff'], [1000, 2000, 500]);
    const decoded = await decodeAnimationFrames(bytes);
    expect(decoded.frameCount).toBe(3);
    expect(decoded.durationSec).toBe(3.5);
    expect(decoded.frames.map((f) => [f.timestampSec, firstPixel(f.image)])).toEqual([
      [0, [255, 0, 0]],
      [1, [0, 255, 0]],
      [2, [0, 255, 0]],
      [3, [0, 0, 255]],
    ]);
  });

  it('samples a still stretch once a second, and a short scene between samples too', async () => {
    // Greys 10 levels apart (the encoder would merge identical frames), a white frame at 1.5 s.
    const grey = (i: number) => (i % 2 ? '#8a8a8a' : '#808080');
    const colours = Array.from({ length: 12 }, (_, i) => (i === 6 ? '#ffffff' : grey(i)));
    const decoded = await decodeAnimationFrames(
      await animated(
        colours,
        colours.map(() => 250),
      ),
    );
    // 0 s, 1 s (due), 1.5 s (the white frame: a new scene), 1.75 s (back: a new scene), 2.75 s.
    expect(decoded.frames.map((f) => f.timestampSec)).toEqual([0, 1, 1.5, 1.75, 2.75]);
  });

  it('reads an animated WebP the same way, and a still image as its one frame', async () => {
    const webp = await animated(['#ff0000', '#0000ff'], [400, 400], 'webp');
    expect((await decodeAnimationFrames(webp)).frames.map((f) => f.timestampSec)).toEqual([0, 0.4]);
    const still = await decodeAnimationFrames(new Uint8Array(await flat('#123456')));
    expect([still.frameCount, still.frames.length, still.durationSec]).toEqual([1, 1, 0]);
  });

  it('decodes an animated PNG (APNG) with ffmpeg, which libvips reads as a still', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'haechi-apng-'));
    try {
      const frames = ['#ff0000', '#00ff00', '#0000ff'];
      for (const [i, colour] of frames.entries())
        await sharp(await flat(colour)).toFile(join(dir, `f${i}.png`));
      // ffmpeg writes the APNG: 1 frame a second, three frames.
      await run(resolveFfmpeg().path, [
        ...['-nostdin', '-loglevel', 'error', '-framerate', '1', '-i', join(dir, 'f%d.png')],
        ...['-plays', '0', '-f', 'apng', join(dir, 'out.png')],
      ]);
      const bytes = new Uint8Array(await readFile(join(dir, 'out.png')));
      expect(isAnimatedPng(bytes)).toBe(true);
      expect(isAnimatedPng(new Uint8Array(await flat('#123456')))).toBe(false);
      const decoded = await decodeAnimationFrames(bytes);
      expect(decoded.frames.map((f) => [f.timestampSec, firstPixel(f.image)])).toEqual([
        [0, [255, 0, 0]],
        [1, [0, 255, 0]],
        [2, [0, 0, 255]],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an animated WebP whose frames together exceed the image limit's pixels", async () => {
    const webp = await animated(['#ff0000', '#00ff00', '#0000ff'], [400, 400, 400], 'webp');
    await expect(decodeAnimationFrames(webp, { maxPixels: 5000 })).rejects.toMatchObject({
      code: 'media_too_many_pixels',
      message: 'the animation has 3 frames of 64×48 = 9216 pixels in all; the limit is 5000 pixels',
    });
  });

  it('refuses an animation longer than the video limit, naming the limit', async () => {
    const bytes = await animated(['#ff0000', '#00ff00', '#0000ff'], [1000, 1000, 1000]);
    await expect(decodeAnimationFrames(bytes, {}, { maxDurationSeconds: 2 })).rejects.toMatchObject(
      {
        code: 'media_too_long',
        message: 'the animation is 3.0 s long; the limit for screening it is 2 s',
      },
    );
  });
});
