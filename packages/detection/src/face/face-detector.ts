import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import type { FaceEmbedderLike } from './face-embedder.js';
import type { FaceIndex } from './face-index.js';

/**
 * Cosine similarity at which a face counts as the enrolled victim's: the false-accept rate 0.1 %
 * point of ../shared/testdata/faces-calib (LFW, 80 people × 4 photos, 50,880 different-people
 * pairs), where it accepts 71.9 % of same-person pairs. Reported on people it was not calibrated
 * on (../shared/testdata/faces): 71.7 % of same-person pairs, 0 of 720 different-people pairs
 * (`npm run eval:face-models`; `haechi eval faces` measures any set).
 */
export const FACE_MATCH_THRESHOLD = 0.632;

/** Maps cosine similarity to a score: the threshold is 0.5, 1 is 1, and 0 or less is 0. */
export function faceScore(similarity: number, threshold = FACE_MATCH_THRESHOLD): number {
  const s =
    similarity >= threshold
      ? 0.5 + (0.5 * (similarity - threshold)) / (1 - threshold)
      : (0.5 * Math.max(0, similarity)) / threshold;
  return Math.round(Math.min(1, s) * 10_000) / 10_000;
}

/**
 * `face`/`enrolled_victim`: every face in the image against the faces victims enrolled. A match is
 * a signal, not a verdict: the policy combines it with the nudity and synthetic-media scores. The
 * evidence gives the similarity, never whose face it is (platforms see screening answers).
 */
export class FaceDetector implements Detector {
  readonly name = 'face';
  readonly labels = ['enrolled_victim'] as const;

  constructor(
    private readonly embedder: FaceEmbedderLike,
    /** The current enrolled set (the server refreshes it as cases open and close). */
    private readonly enrolled: () => Promise<FaceIndex>,
    private readonly threshold = FACE_MATCH_THRESHOLD,
  ) {}

  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    const index = await this.enrolled();
    if (index.size === 0) return [];
    const faces = await this.embedder.embed(input.image);
    let best = -1;
    for (const face of faces)
      best = Math.max(best, index.nearest(face.embedding)?.similarity ?? -1);
    if (best < 0) return [];
    return [
      {
        detector: this.name,
        label: 'enrolled_victim',
        score: faceScore(best, this.threshold),
        evidence: `${faces.length} face(s); the closest enrolled face has cosine similarity ${best.toFixed(3)} (match from ${this.threshold})`,
      },
    ];
  }

  /** Ends the model's thread. */
  close(): Promise<void> {
    return this.embedder.close();
  }
}
