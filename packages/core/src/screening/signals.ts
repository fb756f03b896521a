/** Signal types screening matches on. Stable names (stored in evidence, exchanged with others). */
export type MatchSignalType = 'pdq' | 'md5' | 'sha256' | 'vpdq';

/** A bank entry that the screened item (or one of its video frames) matched. */
export interface HashMatchSignal {
  readonly bank: string;
  readonly entryId: number;
  readonly signalType: MatchSignalType;
  /** PDQ: Hamming distance; MD5/SHA-256: 0; vPDQ: 100 − the percentage of the stored video matched. */
  readonly distance: number;
  /** The dihedral variant of the query that matched (0 = as uploaded). */
  readonly variant: number;
  /** For a video, the time of the frame that matched an image bank entry. */
  readonly frameTimestampSec?: number;
  /** When a crop hashed at enrolment matched rather than the entry's own hash: which crop. */
  readonly crop?: string;
  /** The part of the image (or frame) that matched, when not the whole: in decoded pixels. */
  readonly region?: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  };
  /** For a video or animation, the stretches whose sampled frames match. */
  readonly segments?: Array<{
    readonly startSec: number;
    readonly endSec: number;
    readonly distance: number;
  }>;
}

/** One score of one detector, e.g. { detector: 'nudity', label: 'sexual', score: 0.93 }. */
export interface DetectorScore {
  readonly detector: string;
  readonly label: string;
  /** 0…1. */
  readonly score: number;
  /** What the score rests on, for reviewers and the evidence record (e.g. the metadata found). */
  readonly evidence?: string;
  /** For a video or animation: the stretches where the label holds (score ≥ 0.5), best score each. */
  readonly segments?: Array<{
    readonly startSec: number;
    readonly endSec: number;
    readonly score: number;
  }>;
}

export interface ScreeningSignals {
  readonly matches: readonly HashMatchSignal[];
  readonly scores: readonly DetectorScore[];
}
