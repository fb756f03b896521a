import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@haechi/core';
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

const TRUNCATED = /moov atom not found|end of file|truncat|Invalid NAL unit size|partial file/i;

function failure(stderr: string, format: VideoFormat): AppError {
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
 * Samples a video at `framesPerSecond` (default 1) with ffmpeg and returns the frames as RGB, for
 * vPDQ. The bytes are written to a private temporary file (MP4 indexes may sit at the end, so ffmpeg
 * needs to seek), deleted afterwards. Limits: input bytes before anything runs; duration as frames
 * arrive (a video that never ends is stopped at the limit and refused); wall-clock time.
 */
export async function decodeVideoFrames(
  bytes: Uint8Array,
  limitOverrides: Partial<VideoDecodeLimits> = {},
  ffmpegPath: string = bundledFfmpegPath(),
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
  const dir = await mkdtemp(join(tmpdir(), 'haechi-video-'));
  const input = join(dir, 'input');
  try {
    await writeFile(input, bytes, { mode: 0o600 });
    const frames = await runFfmpeg(ffmpegPath, input, format, limits);
    if (frames.length === 0)
      throw new AppError('media_corrupt', `the ${format} file has no decodable video frames`);
    return { format, frames };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runFfmpeg(
  ffmpegPath: string,
  input: string,
  format: VideoFormat,
  limits: VideoDecodeLimits,
): Promise<VideoFrameSample[]> {
  const side = limits.maxFrameSide;
  const maxFrames = limits.maxDurationSeconds * limits.framesPerSecond;
  const args = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', input],
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    '-vf',
    `fps=${limits.framesPerSecond},scale=w='min(iw,${side})':h='min(ih,${side})':force_original_aspect_ratio=decrease`,
    ...['-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
          if (frames.length >= maxFrames) {
            stop(
              new AppError(
                'media_too_long',
                `the video is longer than ${limits.maxDurationSeconds} s, the limit for screening it`,
                { details: { maxDurationSeconds: limits.maxDurationSeconds } },
              ),
            );
            return;
          }
          frames.push({
            frameIndex: frames.length,
            timestampSec: frames.length / limits.framesPerSecond,
            image: { ...frame, channels: 3 },
          });
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
    child.on('close', (code) => {
      clearTimeout(timer);
      if (refusal) reject(refusal);
      else if (code !== 0) reject(failure(stderr, format));
      else resolve(frames);
    });
  });
}
