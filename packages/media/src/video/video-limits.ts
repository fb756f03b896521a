import { assertPositiveLimits } from '../image/decode-limits.js';

/** Limits on one video: checked before decoding (bytes) and while decoding (frames, time). */
export interface VideoDecodeLimits {
  readonly maxInputBytes: number;
  /** Frames are sampled at `framesPerSecond`; a video longer than this many seconds is refused. */
  readonly maxDurationSeconds: number;
  /** Wall-clock limit on the whole decode (a file crafted to decode slowly is stopped). */
  readonly timeoutSeconds: number;
  /** Frames per second sampled (vPDQ's usual 1). */
  readonly framesPerSecond: number;
  /** Frames larger than this on their longest side are scaled down by ffmpeg (memory bound). */
  readonly maxFrameSide: number;
}

export const DEFAULT_VIDEO_DECODE_LIMITS: VideoDecodeLimits = {
  maxInputBytes: 200 * 1024 * 1024,
  maxDurationSeconds: 300,
  timeoutSeconds: 60,
  framesPerSecond: 1,
  maxFrameSide: 1024,
};

export function resolveVideoDecodeLimits(
  overrides: Partial<VideoDecodeLimits> = {},
): VideoDecodeLimits {
  return assertPositiveLimits({ ...DEFAULT_VIDEO_DECODE_LIMITS, ...overrides }, 'video limit');
}
