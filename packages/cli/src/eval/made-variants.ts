import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpeg } from '@haechi/media';
import sharp from 'sharp';

/**
 * Alterations as material really comes back, made deterministically from the original's bytes:
 * padding, a phone screenshot of a chat, a letterboxed video, an animated GIF.
 */

const run = promisify(execFile);

const size = async (b: Uint8Array) => {
  const { width = 1, height = 1 } = await sharp(b).metadata();
  return { width, height };
};

/** A 20 px light-grey border (ImageMagick's `-border 20` colour), saved as a JPEG. */
export const border = (b: Uint8Array) =>
  sharp(b)
    .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#dfdfdf' })
    .jpeg({ quality: 90 })
    .toBuffer();

/** The centred part keeping `1 − percent %` of each side. */
export const centreCrop = (percent: number) => async (b: Uint8Array) => {
  const { width, height } = await size(b);
  const w = Math.round(width * (1 - percent / 100));
  const h = Math.round(height * (1 - percent / 100));
  return sharp(b)
    .extract({ left: (width - w) >> 1, top: (height - h) >> 1, width: w, height: h })
    .png()
    .toBuffer();
};

/** 10 % cut off the right-hand side (a strip with a caption or a watermark removed). */
export const sideCrop = async (b: Uint8Array) => {
  const { width, height } = await size(b);
  return sharp(b)
    .extract({ left: 0, top: 0, width: Math.round(width * 0.9), height })
    .png()
    .toBuffer();
};

const escapeXml = (s: string) => s.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
const textSvg = (width: number, height: number, lines: string[], colour: string, px: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${lines
      .map(
        (line, i) =>
          `<text x="12" y="${(i + 1) * (px + 8)}" font-family="DejaVu Sans, sans-serif" font-size="${px}" fill="${colour}">${escapeXml(line)}</text>`,
      )
      .join('')}</svg>`,
  );
const box = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

/**
 * A 720×1560 phone screenshot of a chat: status bar, header, text bubbles above and below, and the
 * picture in a bubble 500 px wide with its time under it; saved as a JPEG (quality 85), as a
 * messenger re-sends it.
 */
export async function screenshot(b: Uint8Array): Promise<Buffer> {
  const W = 720;
  const H = 1560;
  const { width, height } = await size(b);
  const pw = 500;
  const ph = Math.min(760, Math.round((height * pw) / width));
  const photo = await sharp(b).resize(pw, ph, { fit: 'fill' }).png().toBuffer();
  const bubble = async (w: number, h: number, colour: string, lines: string[]) =>
    sharp(await box(w, h, colour))
      .composite([{ input: textSvg(w, h, lines, '#111111', 22), top: 0, left: 0 }])
      .png()
      .toBuffer();
  const status = await sharp(await box(W, 56, '#075e54'))
    .composite([
      {
        input: textSvg(
          W,
          56,
          ['9:41                                                    5G  87%'],
          '#ffffff',
          22,
        ),
        top: 0,
        left: 0,
      },
    ])
    .png()
    .toBuffer();
  const header = await sharp(await box(W, 96, '#128c7e'))
    .composite([{ input: textSvg(W, 96, ['  Minji', '  online'], '#ffffff', 26), top: 4, left: 0 }])
    .png()
    .toBuffer();
  const photoBubble = await sharp(await box(pw + 16, ph + 52, '#dcf8c6'))
    .composite([
      { input: photo, top: 8, left: 8 },
      { input: textSvg(120, 36, ['10:02'], '#555555', 18), top: ph + 16, left: pw - 100 },
    ])
    .png()
    .toBuffer();
  const layers = [
    { input: status, top: 0, left: 0 },
    { input: header, top: 56, left: 0 },
    {
      input: await bubble(420, 84, '#ffffff', ['did you see this?', 'someone sent it to me']),
      top: 180,
      left: 16,
    },
    { input: photoBubble, top: 300, left: W - pw - 16 - 16 },
    { input: await bubble(300, 50, '#ffffff', ['where is it from']), top: 300 + ph + 84, left: 16 },
    { input: await bubble(W, 84, '#f0f0f0', ['  Message']), top: H - 84, left: 0 },
  ].filter((l) => l.top + 10 < H);
  return sharp(await box(W, H, '#ece5dd'))
    .composite(layers)
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Runs ffmpeg on the picture in a private temporary folder and returns the file it writes. */
async function withFfmpeg(b: Uint8Array, output: string, args: (input: string) => string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'haechi-variant-'));
  try {
    const input = join(dir, 'input.png');
    await writeFile(input, await sharp(b).png().toBuffer());
    await run(resolveFfmpeg().path, [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'],
      ...args(input),
      join(dir, output),
    ]);
    return await readFile(join(dir, output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A 4-second 1280×720 H.264 video (25 fps) showing the picture fitted between black bars. */
export const letterbox = (b: Uint8Array) =>
  withFfmpeg(b, 'out.mp4', (input) => [
    ...['-loop', '1', '-t', '4', '-r', '25', '-i', input],
    '-vf',
    'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2:black,setsar=1',
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '28', '-preset', 'veryfast'],
  ]);

/**
 * A looping GIF: a title card for a second, then the picture for two (palette-quantised and
 * dithered by ffmpeg's palettegen/paletteuse), so the picture is not the first frame.
 */
export const gif = async (b: Uint8Array) => {
  const { width, height } = await size(b);
  const even = (n: number) => n - (n % 2);
  return withFfmpeg(b, 'out.gif', (input) => [
    ...['-f', 'lavfi', '-i', `color=c=0x3366aa:s=${even(width)}x${even(height)}:d=1:r=10`],
    ...['-loop', '1', '-t', '2', '-r', '10', '-i', input],
    '-filter_complex',
    `[1:v]scale=${even(width)}:${even(height)},setsar=1[p];[0:v][p]concat=n=2:v=1:a=0,split[a][b];[a]palettegen[pal];[b][pal]paletteuse`,
    ...['-loop', '0'],
  ]);
};
