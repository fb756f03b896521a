import type { DetectorScore } from './signals.js';

/** Pixels handed to detectors: 8-bit, 1 (grey), 3 (RGB) or 4 (RGBA) channels, row-major. */
export interface DetectorImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
  readonly data: Uint8Array;
}

/** What a detector may look at: the decoded pixels and the original bytes (for metadata). */
export interface DetectorInput {
  readonly image: DetectorImage;
  readonly bytes?: Uint8Array;
  readonly mediaType: string;
}

/**
 * An AI or metadata signal (nudity, an enrolled victim's face, synthetic-media evidence…), run by
 * screening on every decoded image and on sampled video frames. Contract:
 * - `name` is stable and unique (it is stored with every score and used by policy rules);
 * - `detect` returns scores in 0…1 and never throws for an ordinary image it cannot judge: it
 *   returns no scores instead; it must not keep, log or send the pixels anywhere;
 * - `labels` lists every label it can return, so policy rules can be checked when loaded;
 * - `close`, where it holds a thread or a model session, releases it when the server stops (a
 *   thread left running keeps the process alive).
 */
export interface Detector {
  readonly name: string;
  readonly labels: readonly string[];
  detect(input: DetectorInput): Promise<DetectorScore[]>;
  close?(): Promise<void>;
}
