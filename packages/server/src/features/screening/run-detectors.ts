import type { Detector, DetectorImage, DetectorScore } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';

/**
 * Runs every registered detector on each image (a photo, or a video's sampled frames) and keeps,
 * per detector and label, the highest score: one frame of sexual content is enough to flag a video.
 */
export async function runDetectors(
  detectors: readonly Detector[],
  images: readonly PixelImage[],
  bytes: Uint8Array,
): Promise<DetectorScore[]> {
  if (detectors.length === 0) return [];
  const best = new Map<string, DetectorScore>();
  for (const image of images) {
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
    }
  }
  return [...best.values()];
}
