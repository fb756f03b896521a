import type { PixelImage } from '@haechi/hashing';

/** Side of the grey thumbnail two frames are compared on to find a scene change. */
const THUMB = 16;
/** Mean absolute difference (0…255) of two thumbnails above which the scene changed. */
export const SCENE_CHANGE_THRESHOLD = 24;

function thumbnail(image: PixelImage): Float32Array {
  const out = new Float32Array(THUMB * THUMB);
  const { width, height, channels, data } = image;
  for (let ty = 0; ty < THUMB; ty++) {
    const y = Math.min(height - 1, Math.floor(((ty + 0.5) * height) / THUMB));
    for (let tx = 0; tx < THUMB; tx++) {
      const x = Math.min(width - 1, Math.floor(((tx + 0.5) * width) / THUMB));
      const p = (y * width + x) * channels;
      out[ty * THUMB + tx] =
        channels >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
    }
  }
  return out;
}

function difference(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Scene-change frames kept beyond one a sampling interval, at most (a burst of quick cuts). */
export const SCENE_CHANGE_BURST = 8;

/**
 * Chooses which decoded frames to hash: one every `1 / framesPerSecond` seconds, and the first
 * frame of every new scene (its picture differs from the frame before by more than
 * {@link SCENE_CHANGE_THRESHOLD}), so a shot shorter than the sampling interval is still seen.
 * Frames must come in time order, decoded more densely than `framesPerSecond`. Memory stays
 * bounded as without scene changes: at `t` seconds at most `t · framesPerSecond + 1 +`
 * {@link SCENE_CHANGE_BURST} frames are kept, so a file that flickers every frame cannot make
 * every frame a kept one.
 */
export class FrameSampler {
  private lastKeptSec = Number.NEGATIVE_INFINITY;
  private previous: Float32Array | null = null;
  private kept = 0;

  constructor(private readonly framesPerSecond: number) {}

  /** Whether to keep the frame shown at `timestampSec`. */
  keep(image: PixelImage, timestampSec: number): boolean {
    const thumb = thumbnail(image);
    const cut = this.previous !== null && difference(thumb, this.previous) > SCENE_CHANGE_THRESHOLD;
    this.previous = thumb;
    // A small epsilon: frame times are rounded, and a frame due at 1.0 s may say 0.9999.
    const due = timestampSec - this.lastKeptSec >= 1 / this.framesPerSecond - 1e-6;
    const allowed = timestampSec * this.framesPerSecond + 1 + SCENE_CHANGE_BURST;
    if (!due && !(cut && this.kept < allowed)) return false;
    this.lastKeptSec = timestampSec;
    this.kept++;
    return true;
  }
}
