import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundledFfmpegPath } from '@haechi/media';

const run = promisify(execFile);

/**
 * Encodes still images into a short video with the bundled ffmpeg: each image is shown for
 * `secondsEach` seconds, in order. Deterministic for given inputs; benign by construction.
 */
export async function makeSlideshow(
  images: readonly Uint8Array[],
  options: {
    secondsEach?: number;
    /** How long each image is shown, when not all for `secondsEach`. */
    seconds?: readonly number[];
    format?: 'mp4' | 'webm';
    size?: string;
  } = {},
): Promise<Uint8Array> {
  const { secondsEach = 2, format = 'mp4', size = '320x240' } = options;
  const dir = await mkdtemp(join(tmpdir(), 'haechi-slideshow-'));
  try {
    const inputs: string[] = [];
    for (const [i, image] of images.entries()) {
      const path = join(dir, `frame-${i}.img`);
      await writeFile(path, image);
      inputs.push('-loop', '1', '-t', String(options.seconds?.[i] ?? secondsEach), '-i', path);
    }
    const chains = images.map(
      (_, i) => `[${i}:v]scale=${size.replace('x', ':')},setsar=1,fps=10[v${i}]`,
    );
    const concat = `${images.map((_, i) => `[v${i}]`).join('')}concat=n=${images.length}:v=1:a=0[out]`;
    const out = join(dir, `out.${format}`);
    const codec =
      format === 'mp4' ? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'] : ['-c:v', 'libvpx-vp9'];
    await run(bundledFfmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      ...inputs,
      '-filter_complex',
      [...chains, concat].join(';'),
      '-map',
      '[out]',
      ...codec,
      out,
    ]);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
