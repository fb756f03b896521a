import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@haechi/core';
import { computePdq, hammingDistance } from '@haechi/hashing';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { makeSlideshow } from '@haechi/testkit/synthetic-video';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { decodeVideoFrames, resolveFfmpeg } from './decode-video.js';
import { sniffMediaKind, sniffVideoFormat } from './video-format.js';

const pngOf = async (seed: number) => {
  const image = syntheticImage(320, 240, seed);
  return new Uint8Array(
    await sharp(image.data, { raw: { width: 320, height: 240, channels: 3 } })
      .png()
      .toBuffer(),
  );
};

let mp4: Uint8Array;
let pngs: Uint8Array[];
beforeAll(async () => {
  pngs = [await pngOf(1), await pngOf(2)];
  mp4 = await makeSlideshow(pngs, { secondsEach: 2 });
});

describe('decodeVideoFrames', () => {
  it('samples one frame a second, each close to the picture shown then', async () => {
    const video = await decodeVideoFrames(mp4);
    expect(video.format).toBe('mp4');
    expect(
      video.frames.map((f) => [f.frameIndex, f.timestampSec, f.image.width, f.image.height]),
    ).toEqual([
      [0, 0, 320, 240],
      [1, 1, 320, 240],
      [2, 2, 320, 240],
      [3, 3, 320, 240],
    ]);
    const still = [syntheticImage(320, 240, 1), syntheticImage(320, 240, 2)].map(
      (i) => computePdq(i).hash,
    );
    const distances = video.frames.map((f) =>
      hammingDistance(computePdq(f.image).hash, still[f.timestampSec < 2 ? 0 : 1]),
    );
    expect(Math.max(...distances)).toBeLessThanOrEqual(31);
  });

  it('samples a scene shorter than the sampling interval, at its start and at its end', async () => {
    // 1.25 s of one picture, half a second of another, then the first again.
    const flash = await makeSlideshow([pngs[0], pngs[1], pngs[0]], { seconds: [1.25, 0.5, 1.75] });
    const video = await decodeVideoFrames(flash);
    expect(video.frames.map((f) => f.timestampSec)).toEqual([0, 1, 1.25, 1.75, 2.75]);
    const second = computePdq(syntheticImage(320, 240, 2)).hash;
    const shown = video.frames.map((f) => hammingDistance(computePdq(f.image).hash, second) <= 31);
    expect(shown).toEqual([false, false, true, false, false]);
  });

  it('refuses a video over the duration limit, and stops decoding it', async () => {
    await expect(decodeVideoFrames(mp4, { maxDurationSeconds: 2 })).rejects.toMatchObject({
      code: 'media_too_long',
      message: 'the video is longer than 2 s, the limit for screening it',
    });
  });

  it('refuses empty, oversized, unknown and truncated input with its code', async () => {
    await expect(decodeVideoFrames(new Uint8Array(0))).rejects.toMatchObject({
      code: 'media_empty',
    });
    await expect(decodeVideoFrames(mp4, { maxInputBytes: 100 })).rejects.toMatchObject({
      code: 'media_too_large',
    });
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(100).fill(0)]);
    await expect(decodeVideoFrames(zip)).rejects.toThrow(
      new AppError('media_unsupported_type', 'not a supported video (MP4, MOV, WebM, MKV, AVI)'),
    );
    const cut = mp4.subarray(0, Math.floor(mp4.length / 2));
    await expect(decodeVideoFrames(cut)).rejects.toMatchObject({
      code: expect.stringMatching(/^media_(truncated|corrupt)$/),
    });
  });

  it('stops a decoder that hangs at the time limit', async () => {
    // A stand-in decoder that never answers, as ffmpeg might on a file crafted to stall it.
    const dir = await mkdtemp(join(tmpdir(), 'haechi-hang-'));
    const hang = join(dir, 'hang.sh');
    const pidFile = join(dir, 'pid');
    await writeFile(hang, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`, { mode: 0o755 });
    await expect(decodeVideoFrames(mp4, { timeoutSeconds: 1 }, hang)).rejects.toMatchObject({
      code: 'media_timeout',
      message: 'decoding the video took over 1 s',
    });
    // The decoder was killed, not left sleeping: its process is gone.
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the decoder on the local file only, with the container’s own demuxer, bounded in memory and CPU', async () => {
    // A stand-in decoder that writes down how it was started, and its limits, then fails.
    const dir = await mkdtemp(join(tmpdir(), 'haechi-args-'));
    const spy = join(dir, 'spy.sh');
    const log = join(dir, 'log');
    await writeFile(
      spy,
      `#!/bin/sh\necho "$@" > ${log}\necho "as=$(ulimit -v) cpu=$(ulimit -t)" >> ${log}\nexit 1\n`,
      { mode: 0o755 },
    );
    await expect(decodeVideoFrames(mp4, { timeoutSeconds: 5 }, spy)).rejects.toMatchObject({
      code: 'media_corrupt',
    });
    const [args, limits] = (await readFile(log, 'utf8')).trim().split('\n');
    expect(args).toContain('-protocol_whitelist file -f mov -i ');
    expect(args).toContain('-max_alloc 268435456');
    if (existsSync('/usr/bin/prlimit') || existsSync('/bin/prlimit'))
      expect(limits).toMatch(/^as=2097152 cpu=\d+$/);
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers the system’s ffmpeg (security updates) to the bundled static build', () => {
    const found = resolveFfmpeg();
    if (found.source === 'system') expect(found.path).toMatch(/\/ffmpeg$/);
    else expect(found.path).toContain('@ffmpeg-installer');
  });

  it.skipIf(!hasSharedTestdata)('decodes the shared VP9 slideshow', async () => {
    const bytes = await readFile(
      join(SHARED_TESTDATA, 'videos', 'slideshow_10photos_320x240_vp9.webm'),
    );
    const video = await decodeVideoFrames(new Uint8Array(bytes));
    expect(video.format).toBe('webm');
    expect(video.frames.length).toBeGreaterThanOrEqual(10);
  });
});

describe('sniffing', () => {
  it('tells images, videos and other things apart', async () => {
    expect(sniffVideoFormat(mp4)).toBe('mp4');
    expect(sniffMediaKind(mp4)).toBe('video');
    expect(sniffMediaKind(pngs[0])).toBe('image');
    expect(sniffMediaKind(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
  });
});
