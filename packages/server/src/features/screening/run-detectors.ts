import type { Detector, DetectorImage, DetectorScore } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';
import { toSegments } from './segments.js';

/** A score at or above this says the label holds (a face's match threshold maps to 0.5). */
export const LABEL_HOLDS_AT = 0.5;

/**
 * Runs every registered detector on each image (a photo, or a video's sampled frames) and keeps,
 * per detector and label, the highest score: one frame of sexual content is enough to flag a video.
 * For a video (`times` given: when each frame is shown), a label that holds on some frames says
 * where: `segments`, each with its highest score.
 */
export async function runDetectors(
  detectors: readonly Detector[],
  images: readonly PixelImage[],
  bytes: Uint8Array,
  times?: readonly number[],
): Promise<DetectorScore[]> {
  if (detectors.length === 0) return [];
  const best = new Map<string, DetectorScore>();
  const holding = new Map<string, Array<{ frame: number; value: number }>>();
  for (const [frame, image] of images.entries()) {
    const input = {
      image: image as DetectorImage,
      bytes,
      mediaType: 'image',
    };
    const results = await Promise.all(detectors.map((d) => d.detect(input)));
    for (const score of results.flat()) {
      const key = `${score.detector}\u0000${score.label}`;
      const known = best.get(key);
      if (!known || score.score > known.score) best.set(key, score);
      if (times && score.score >= LABEL_HOLDS_AT)
        holding.set(key, [...(holding.get(key) ?? []), { frame, value: score.score }]);
    }
  }
  return [...best.entries()].map(([key, score]) => {
    const frames = holding.get(key);
    if (!times || !frames) return score;
    const segments = toSegments(times, frames, Math.max).map(({ startSec, endSec, value }) => ({
      startSec,
      endSec,
      score: value,
    }));
    return { ...score, segments };
  });
}
