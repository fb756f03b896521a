import { AppError } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';
import sharp from 'sharp';
import { FrameSampler } from '../frames/frame-sampler.js';
import { resolveVideoDecodeLimits, type VideoDecodeLimits } from '../video/video-limits.js';
import { decodeApngFrames } from '../video/decode-video.js';
import { decodeImage } from './decode-image.js';
import { isAnimatedPng } from './image-format.js';
import { resolveImageDecodeLimits, type ImageDecodeLimits } from './decode-limits.js';

/** A frame of an animated image chosen for hashing, with when it is first shown. */
export interface AnimationFrame {
  readonly frameIndex: number;
  readonly timestampSec: number;
  readonly image: PixelImage;
}

export interface DecodedAnimation {
  /** Frames in the file (for an APNG, which ffmpeg samples as it decodes: the frames sampled). */
  readonly frameCount: number;
  /** The frames sampled (all when there is one). */
  readonly frames: readonly AnimationFrame[];
  /** Length of the animation in seconds (one loop). */
  readonly durationSec: number;
}

/** A GIF frame with no delay (or a nonsense one) is shown for 100 ms, as browsers do. */
const DEFAULT_DELAY_MS = 100;

/**
 * Every frame of an animated GIF, WebP or PNG (APNG, decoded by ffmpeg), sampled as a video is ({@link FrameSampler}): one per
 * `framesPerSecond` second and each scene change. Bounded like a video: pixels of one frame by the
 * image limits, total decoded pixels by `maxPixels × maxDurationSeconds × framesPerSecond`
 * (frames past it are not decoded), and the animation's length by `maxDurationSeconds`. A still
 * image comes back as its one frame. The frame is composited as shown (disposal applied by libvips).
 */
export async function decodeAnimationFrames(
  bytes: Uint8Array,
  imageLimits: Partial<ImageDecodeLimits> = {},
  videoLimits: Partial<VideoDecodeLimits> = {},
  ffmpegPath?: string,
): Promise<DecodedAnimation> {
  const first = await decodeImage(bytes, imageLimits);
  if (isAnimatedPng(bytes)) {
    // libvips sees an APNG's first frame only; ffmpeg decodes it as the video it is.
    const frames = await decodeApngFrames(bytes, videoLimits, ffmpegPath);
    const last = frames[frames.length - 1];
    return { frameCount: frames.length, durationSec: last ? last.timestampSec : 0, frames };
  }
  if (first.frameCount <= 1 || (first.format !== 'gif' && first.format !== 'webp'))
    return {
      frameCount: 1,
      durationSec: 0,
      frames: [{ frameIndex: 0, timestampSec: 0, image: first }],
    };
  const limits = resolveImageDecodeLimits(imageLimits);
  const video = resolveVideoDecodeLimits(videoLimits);
  const meta = await sharp(bytes, { limitInputPixels: false, pages: -1 }).metadata();
  const delays = Array.from({ length: first.frameCount }, (_, i) => {
    const d = meta.delay?.[i] ?? DEFAULT_DELAY_MS;
    return d >= 20 ? d : DEFAULT_DELAY_MS;
  });
  const durationSec = delays.reduce((a, b) => a + b, 0) / 1000;
  if (durationSec > video.maxDurationSeconds)
    throw new AppError(
      'media_too_long',
      `the animation is ${durationSec.toFixed(1)} s long; the limit for screening it is ${video.maxDurationSeconds} s`,
      { details: { maxDurationSeconds: video.maxDurationSeconds } },
    );
  const framePixels = first.width * first.height;
  const budget = limits.maxPixels * video.maxDurationSeconds * video.framesPerSecond;
  const pages = Math.max(1, Math.min(first.frameCount, Math.floor(budget / framePixels)));
  const { data, info } = await sharp(bytes, {
    pages,
    limitInputPixels: false,
    failOn: 'truncated',
  })
    .timeout({ seconds: limits.timeoutSeconds })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const frameBytes = first.width * first.height * info.channels;
  const sampler = new FrameSampler(video.framesPerSecond);
  const frames: AnimationFrame[] = [];
  let t = 0;
  for (let i = 0; i < pages && (i + 1) * frameBytes <= data.length; i++) {
    const image: PixelImage = {
      width: first.width,
      height: first.height,
      channels: info.channels,
      data: new Uint8Array(data.buffer, data.byteOffset + i * frameBytes, frameBytes),
    };
    if (sampler.keep(image, t)) frames.push({ frameIndex: i, timestampSec: t, image });
    t += delays[i] / 1000;
  }
  return { frameCount: first.frameCount, durationSec, frames };
}
