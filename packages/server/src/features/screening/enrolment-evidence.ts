import { PDQ_MIN_QUALITY, computeEnrolmentCrops, formatHash256 } from '@haechi/hashing';
import type { Detector, DetectorScore, ScreenedHashes, Verdict } from '@haechi/core';
import type { HashedMedia } from './hash-media.js';
import { runDetectors } from './run-detectors.js';

/**
 * A held or referred image's record keeps the hashes of its enrolment crops, so a reviewer who
 * confirms it enrols them with its PDQ (cost: six PDQs, about 13 ms, only for uploads that go to
 * review: a blocked one matched a confirmed entry, whose crops are banked already).
 */
export function withEnrolmentCrops(
  hashes: ScreenedHashes,
  media: HashedMedia | null,
  verdict: Verdict,
): ScreenedHashes {
  if (verdict !== 'hold' && verdict !== 'refer') return hashes;
  if (media?.kind !== 'image' || media.quality < PDQ_MIN_QUALITY) return hashes;
  const crops = computeEnrolmentCrops(media.image).map((c) => ({
    crop: c.crop,
    signal: formatHash256(c.hash),
  }));
  return crops.length > 0 ? { ...hashes, crops } : hashes;
}

/** The detectors on an upload: its image, or a video's sampled frames with their times. */
export function detectMedia(
  detectors: readonly Detector[],
  media: HashedMedia,
  bytes: Uint8Array,
): Promise<DetectorScore[]> {
  return media.kind === 'image'
    ? runDetectors(detectors, [media.image], bytes)
    : runDetectors(
        detectors,
        media.images,
        bytes,
        media.sampled.map((s) => s.timestampSec),
      );
}
