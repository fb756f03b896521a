import { hammingDistance, type Hash256 } from '../pdq/hash256.js';
import { computePdq } from '../pdq/pdq-hasher.js';
import type { PixelImage } from '../pdq/pixel-image.js';

/** One decoded video frame, as a decoder hands it over. */
export interface VideoFrame {
  /** Position of the frame in the decoded stream (0-based). */
  readonly frameIndex: number;
  /** Presentation time in seconds. */
  readonly timestampSec: number;
  readonly image: PixelImage;
}

/** The PDQ hash of one kept frame: what a vPDQ hash is a list of. */
export interface VpdqFeature {
  readonly frameIndex: number;
  readonly timestampSec: number;
  readonly hash: Hash256;
  readonly quality: number;
}

export interface VpdqHashOptions {
  /**
   * Drop a frame whose hash is within this distance of the last *kept* frame (a still scene gives
   * runs of near-identical frames that add nothing to matching). Negative disables pruning.
   */
  readonly pruneDistance?: number;
}

/** Default prune distance: frames this close are the same picture re-encoded. */
export const VPDQ_DEFAULT_PRUNE_DISTANCE = 2;

/**
 * Incremental vPDQ: feed frames in stream order as a decoder produces them, then read the features.
 * Pure (no I/O), so the same code hashes frames from ffmpeg on a server or a canvas in a browser.
 */
export class VpdqHasher {
  private readonly features: VpdqFeature[] = [];
  private readonly pruneDistance: number;

  constructor(options: VpdqHashOptions = {}) {
    this.pruneDistance = options.pruneDistance ?? VPDQ_DEFAULT_PRUNE_DISTANCE;
  }

  /** Hashes a frame; returns its feature, or null when it was pruned as a near-duplicate. */
  addFrame(frame: VideoFrame): VpdqFeature | null {
    if (!Number.isFinite(frame.timestampSec) || !Number.isSafeInteger(frame.frameIndex)) {
      throw new RangeError('frame index must be an integer and timestamp a finite number');
    }
    const { hash, quality } = computePdq(frame.image);
    return this.addFeature({
      frameIndex: frame.frameIndex,
      timestampSec: frame.timestampSec,
      hash,
      quality,
    });
  }

  /** A frame whose PDQ the caller already has; kept or pruned by the same rule as {@link addFrame}. */
  addFeature(feature: VpdqFeature): VpdqFeature | null {
    const last = this.features[this.features.length - 1];
    if (
      last &&
      this.pruneDistance >= 0 &&
      hammingDistance(last.hash, feature.hash) <= this.pruneDistance
    ) {
      return null;
    }
    this.features.push(feature);
    return feature;
  }

  /** The kept frames so far, in stream order. */
  getFeatures(): readonly VpdqFeature[] {
    return this.features;
  }
}

/**
 * vPDQ of a whole frame sequence.
 *
 * @example
 * const features = computeVpdq(framesAtOnePerSecond); // [{ frameIndex, timestampSec, hash, quality }, …]
 */
export function computeVpdq(
  frames: Iterable<VideoFrame>,
  options: VpdqHashOptions = {},
): VpdqFeature[] {
  const hasher = new VpdqHasher(options);
  for (const frame of frames) hasher.addFrame(frame);
  return [...hasher.getFeatures()];
}
