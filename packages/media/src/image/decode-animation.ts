import { AppError } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';
import sharp from 'sharp';
import { FrameSampler } from '../frames/frame-sampler.js';
import { resolveVideoDecodeLimits, type VideoDecodeLimits } from '../video/video-limits.js';
import { decodeAnimationWithFfmpeg } from '../video/decode-video.js';
import { decodeImage } from './decode-image.js';
import { isAnimatedPng } from './image-format.js';
import { resolveImageDecodeLimits, type ImageDecodeLimits } from './decode-limits.js';

/** A frame of an animated image chosen for hashing, with when it is first shown. */
export interface AnimationFrame {
  /** Its place among the frames decoded (a GIF's or APNG's: among those ffmpeg sampled). */
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
 * Every frame of an animated GIF, WebP or PNG, sampled as a video is ({@link FrameSampler}): one
 * per `framesPerSecond` second and each scene change, composited as shown. GIF and APNG are
 * decoded by ffmpeg like a video, streamed and sampled as they come (libvips would hold every
 * frame at once, and sees an APNG's first frame only); an animated WebP, which this ffmpeg cannot
 * decode, by libvips, refused when all its frames together exceed the image limit's pixels. Each
 * is refused beyond the video limit's length. A still image comes back as its one frame.
 */
export async function decodeAnimationFrames(
  bytes: Uint8Array,
  imageLimits: Partial<ImageDecodeLimits> = {},
  videoLimits: Partial<VideoDecodeLimits> = {},
  ffmpegPath?: string,
): Promise<DecodedAnimation> {
  const first = await decodeImage(bytes, imageLimits);
  const video = resolveVideoDecodeLimits(videoLimits);
  if (isAnimatedPng(bytes)) {
    const frames = await decodeAnimationWithFfmpeg(bytes, 'apng', video, ffmpegPath);
    const last = frames[frames.length - 1];
    return { frameCount: frames.length, durationSec: last ? last.timestampSec : 0, frames };
  }
  if (first.frameCount <= 1 || (first.format !== 'gif' && first.format !== 'webp'))
    return {
      frameCount: 1,
      durationSec: 0,
      frames: [{ frameIndex: 0, timestampSec: 0, image: first }],
    };
  // The header's frame delays (nothing decoded): the animation's length, checked first.
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
  const frames =
    first.format === 'gif'
      ? await decodeAnimationWithFfmpeg(bytes, 'gif', video, ffmpegPath)
      : await decodeWebpFrames(bytes, first, delays, resolveImageDecodeLimits(imageLimits), video);
  return { frameCount: first.frameCount, durationSec, frames };
}

/** An animated WebP's frames from libvips, all at once: bounded by the image pixel limit in all. */
async function decodeWebpFrames(
  bytes: Uint8Array,
  first: { width: number; height: number; frameCount: number },
  delays: readonly number[],
  limits: ImageDecodeLimits,
  video: VideoDecodeLimits,
): Promise<AnimationFrame[]> {
  const total = first.width * first.height * first.frameCount;
  if (total > limits.maxPixels)
    throw new AppError(
      'media_too_many_pixels',
      `the animation has ${first.frameCount} frames of ${first.width}×${first.height} = ${total} pixels in all; the limit is ${limits.maxPixels} pixels`,
      { details: { frames: first.frameCount, maxPixels: limits.maxPixels } },
    );
  const { data, info } = await sharp(bytes, { pages: -1, failOn: 'truncated' })
    .timeout({ seconds: limits.timeoutSeconds })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const frameBytes = first.width * first.height * info.channels;
  const sampler = new FrameSampler(video.framesPerSecond);
  const frames: AnimationFrame[] = [];
  let t = 0;
  for (let i = 0; i < first.frameCount && (i + 1) * frameBytes <= data.length; i++) {
    const image: PixelImage = {
      width: first.width,
      height: first.height,
      channels: info.channels,
      data: new Uint8Array(data.buffer, data.byteOffset + i * frameBytes, frameBytes),
    };
    if (sampler.keep(image, t)) frames.push({ frameIndex: i, timestampSec: t, image });
    t += (delays[i] ?? DEFAULT_DELAY_MS) / 1000;
  }
  return frames;
}
