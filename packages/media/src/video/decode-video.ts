import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { AppError } from '@haechi/core';
import { FrameSampler } from '../frames/frame-sampler.js';
import { PpmFrameReader, type RgbFrame } from './ppm-frame-reader.js';
import { sniffVideoFormat, type VideoFormat } from './video-format.js';
import { resolveVideoDecodeLimits, type VideoDecodeLimits } from './video-limits.js';

/** A frame sampled from a video, with its index and time in the sampled sequence. */
export interface VideoFrameSample {
  readonly frameIndex: number;
  readonly timestampSec: number;
  readonly image: RgbFrame & { readonly channels: 3 };
}

export interface DecodedVideo {
  readonly format: VideoFormat;
  readonly frames: readonly VideoFrameSample[];
}

/** The ffmpeg binary that the `@ffmpeg-installer/ffmpeg` npm package ships for this platform. */
export function bundledFfmpegPath(): string {
  const require = createRequire(import.meta.url);
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/**
 * The ffmpeg that decodes untrusted uploads: the system's (Debian's `ffmpeg` package, which gets
 * security updates) when one is on the PATH; else the npm package's static build from 2018, which
 * gets none (`source: 'bundled'`: the server warns). HAECHI_FFMPEG names another one explicitly.
 */
export function resolveFfmpeg(): { path: string; source: 'system' | 'bundled' } {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'ffmpeg');
    try {
      accessSync(candidate, constants.X_OK);
      return { path: candidate, source: 'system' };
    } catch {
      // not here
    }
  }
  return { path: bundledFfmpegPath(), source: 'bundled' };
}

/** What ffmpeg decodes: the video containers, and GIF and PNG animations. */
type Container = VideoFormat | 'apng' | 'gif';

/** Each container is read by its own demuxer, named: ffmpeg never guesses from the bytes. */
const DEMUXER: Readonly<Record<Container, string>> = {
  mp4: 'mov',
  mov: 'mov',
  webm: 'matroska',
  mkv: 'matroska',
  avi: 'avi',
  apng: 'apng',
  gif: 'gif',
};

/** Frames decoded per sampled frame: a scene shorter than the sampling interval is still seen. */
const SCAN_FACTOR = 4;

/** Memory one decode may map (prlimit --as): ample for 4K H.264/VP9, and a wall for a bomb. */
const DECODER_ADDRESS_SPACE_BYTES = 2 * 1024 ** 3;
/** The largest single allocation ffmpeg may make. */
const DECODER_MAX_ALLOC_BYTES = 256 * 1024 ** 2;

let prlimitPath: string | null | undefined;
/** util-linux's prlimit, when present: it bounds the decoder's memory and CPU time. */
function prlimit(): string | null {
  if (prlimitPath !== undefined) return prlimitPath;
  prlimitPath = null;
  for (const candidate of ['/usr/bin/prlimit', '/bin/prlimit']) {
    try {
      accessSync(candidate, constants.X_OK);
      prlimitPath = candidate;
      break;
    } catch {
      // not here
    }
  }
  return prlimitPath;
}

const TRUNCATED = /moov atom not found|end of file|truncat|Invalid NAL unit size|partial file/i;

function failure(stderr: string, format: Container): AppError {
  const lastLine = stderr.trim().split('\n').pop() ?? '';
  if (TRUNCATED.test(stderr))
    return new AppError('media_truncated', `the ${format} file ends early (truncated or damaged)`);
  if (/does not contain any stream|Stream map.*matches no streams/i.test(stderr))
    return new AppError('media_corrupt', `the ${format} file has no video stream`);
  // ffmpeg's last line names the problem without echoing content (paths are our temporary file).
  return new AppError(
    'media_corrupt',
    `the ${format} file could not be decoded: ${lastLine.replace(/\/[^\s:]*input/g, 'input').slice(0, 200)}`,
  );
}

/**
 * Samples a video at `framesPerSecond` (default 1) and at every scene change with ffmpeg (decoding
 * four times as densely, see {@link FrameSampler}) and returns the frames as RGB, for vPDQ. The
 * bytes are written to a private temporary file (MP4 indexes may sit at the end, so ffmpeg needs
 * to seek), deleted afterwards. Limits: input bytes before anything runs; duration as frames
 * arrive (a video that never ends is stopped at the limit and refused); wall-clock time.
 */
export async function decodeVideoFrames(
  bytes: Uint8Array,
  limitOverrides: Partial<VideoDecodeLimits> = {},
  ffmpegPath: string = resolveFfmpeg().path,
): Promise<DecodedVideo> {
  const limits = resolveVideoDecodeLimits(limitOverrides);
  if (bytes.length === 0) throw new AppError('media_empty', 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxInputBytes) {
    throw new AppError(
      'media_too_large',
      `the video is ${bytes.length} bytes; the limit is ${limits.maxInputBytes} bytes`,
      { details: { size: bytes.length, maxInputBytes: limits.maxInputBytes } },
    );
  }
  const format = sniffVideoFormat(bytes);
  if (!format)
    throw new AppError(
      'media_unsupported_type',
      'not a supported video (MP4, MOV, WebM, MKV, AVI)',
    );
  return { format, frames: await decodeWithFfmpeg(bytes, format, limits, ffmpegPath) };
}

/**
 * The frames of an animated GIF or PNG, decoded by ffmpeg as it decodes a video (streamed, sampled
 * at `framesPerSecond` and at scene changes, bounded by the video limits). The caller has checked
 * the image limits of its frame.
 */
export async function decodeAnimationWithFfmpeg(
  bytes: Uint8Array,
  format: 'apng' | 'gif',
  limits: VideoDecodeLimits,
  ffmpegPath: string = resolveFfmpeg().path,
): Promise<VideoFrameSample[]> {
  return decodeWithFfmpeg(bytes, format, limits, ffmpegPath);
}

async function decodeWithFfmpeg(
  bytes: Uint8Array,
  format: Container,
  limits: VideoDecodeLimits,
  ffmpegPath: string,
): Promise<VideoFrameSample[]> {
  const dir = await mkdtemp(join(tmpdir(), 'haechi-video-'));
  const input = join(dir, 'input');
  try {
    await writeFile(input, bytes, { mode: 0o600 });
    const frames = await runFfmpeg(ffmpegPath, input, format, limits);
    if (frames.length === 0)
      throw new AppError('media_corrupt', `the ${format} file has no decodable video frames`);
    return frames;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runFfmpeg(
  ffmpegPath: string,
  input: string,
  format: Container,
  limits: VideoDecodeLimits,
): Promise<VideoFrameSample[]> {
  const side = limits.maxFrameSide;
  // Decoded this many times denser than sampled, so the sampler sees scene changes in between.
  const scanRate = limits.framesPerSecond * SCAN_FACTOR;
  const sampler = new FrameSampler(limits.framesPerSecond);
  let decoded = 0;
  // Untrusted input: only the local file may be opened (no network, no other files through a
  // playlist or a reference), read by the demuxer of the container it was sniffed as.
  const args = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-max_alloc', String(DECODER_MAX_ALLOC_BYTES)],
    ...['-protocol_whitelist', 'file', '-f', DEMUXER[format], '-i', input],
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    '-vf',
    `fps=${scanRate},scale=w='min(iw,${side})':h='min(ih,${side})':force_original_aspect_ratio=decrease`,
    ...['-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'],
  ];
  return new Promise((resolve, reject) => {
    // Bounded memory and CPU time: prlimit sets the decoder's own limits before it starts.
    const bounded = prlimit();
    const child = bounded
      ? spawn(
          bounded,
          [
            `--as=${DECODER_ADDRESS_SPACE_BYTES}`,
            // CPU seconds across the decoder's threads: the wall-clock limit on every core it uses.
            `--cpu=${Math.ceil(limits.timeoutSeconds * Math.min(4, availableParallelism()))}`,
            '--',
            ffmpegPath,
            ...args,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        )
      : spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const reader = new PpmFrameReader(side * side * 3);
    const frames: VideoFrameSample[] = [];
    let stderr = '';
    let refusal: AppError | null = null;
    const stop = (error: AppError): void => {
      refusal ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        stop(
          new AppError('media_timeout', `decoding the video took over ${limits.timeoutSeconds} s`),
        ),
      limits.timeoutSeconds * 1000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      if (refusal) return;
      try {
        for (const frame of reader.push(chunk)) {
          const timestampSec = decoded++ / scanRate;
          if (timestampSec >= limits.maxDurationSeconds) {
            stop(
              new AppError(
                'media_too_long',
                `the video is longer than ${limits.maxDurationSeconds} s, the limit for screening it`,
                { details: { maxDurationSeconds: limits.maxDurationSeconds } },
              ),
            );
            return;
          }
          const image = { ...frame, channels: 3 as const };
          if (sampler.keep(image, timestampSec))
            frames.push({ frameIndex: frames.length, timestampSec, image });
        }
      } catch (error) {
        stop(
          new AppError(
            'media_corrupt',
            `the ${format} file could not be decoded: ${(error as Error).message}`,
          ),
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new AppError('internal', `cannot run ffmpeg (${ffmpegPath}): ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (refusal) reject(refusal);
      else if (signal === 'SIGXCPU' || signal === 'SIGKILL')
        reject(new AppError('media_timeout', 'decoding the video used more CPU time than allowed'));
      else if (/Cannot allocate memory|out of memory/i.test(stderr))
        reject(
          new AppError('media_too_large', 'decoding the video needed more memory than allowed'),
        );
      else if (code !== 0) reject(failure(stderr, format));
      else resolve(frames);
    });
  });
}
