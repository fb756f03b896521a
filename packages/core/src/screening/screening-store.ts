import type { SealedMedia } from '../evidence/evidence-store.js';
import type { PolicyReason } from '../policy/evaluate-policy.js';
import type { Verdict } from '../policy/policy-schema.js';
import type { DetectorScore, HashMatchSignal } from './signals.js';
import type { NewReviewItem } from '../review/review-store.js';

/** What was screened: a decoded image, a video, or hashes a platform computed itself. */
export const SCREENED_MEDIA_KINDS = ['image', 'video', 'hashes'] as const;
/**
 * hold/refer wait for review; block is final unless appealed; `detecting`: answered from its
 * hashes, the AI detectors still running (`detectors: "async"`), and its verdict may tighten.
 */
export const SCREENING_STATUSES = ['pending_review', 'final', 'detecting'] as const;

/** The hashes screening computed of an upload, or took from the platform (never its bytes). */
export interface ScreenedHashes {
  readonly pdq?: string;
  readonly quality?: number;
  readonly md5?: string;
  readonly sha256?: string;
  readonly videoFrames?: number;
  /**
   * A held or referred image's crops, hashed when it was screened: if a reviewer confirms it,
   * they are enrolled with its PDQ (the upload itself is never re-read for that).
   */
  readonly crops?: Array<{ readonly crop: string; readonly signal: string }>;
}

/**
 * What a screening found, kept with its record for review and evidence: the upload's hashes, the
 * bank matches, detector scores, the rules that fired and the jurisdiction they came from. A
 * record written by an earlier version may lack a field.
 */
export interface ScreeningEvidence {
  readonly hashes?: ScreenedHashes;
  readonly matches?: readonly HashMatchSignal[];
  readonly scores?: readonly DetectorScore[];
  readonly reasons?: readonly PolicyReason[];
  readonly jurisdiction?: string;
  /** Its detectors never finished (their process ended): the verdict is its hashes' alone. */
  readonly detectorsLost?: boolean;
}

/** A stored screening decision with its evidence (hashes, matches, scores, reasons). */
export interface ScreeningRecord {
  /** `scr_` + random: unguessable, so one platform cannot walk another's records. */
  readonly id: string;
  readonly orgId: number;
  readonly contentId: string | null;
  readonly url: string | null;
  readonly verdict: Verdict;
  readonly mediaKind: (typeof SCREENED_MEDIA_KINDS)[number];
  /** hold/refer wait for review; block is final unless appealed; `done` for async results. */
  readonly status: (typeof SCREENING_STATUSES)[number];
  readonly evidence: ScreeningEvidence;
  readonly createdAt: string;
}

/** What holding an upload writes with its record. */
export interface ScreeningHold {
  /** The upload's bytes, sealed, kept as possible evidence (null: not kept). */
  readonly media: SealedMedia | null;
  /** Its place in the regulator's queue (null: none, e.g. a block). */
  readonly reviewItem: NewReviewItem | null;
}

/** What the detectors' later tier writes over a `detecting` record. */
export interface DetectionOutcome {
  readonly verdict: Verdict;
  readonly status: 'final' | 'pending_review';
  readonly evidence: ScreeningEvidence;
}

/**
 * Every non-allow verdict is kept here, and every upload screened with `detectors: "async"`.
 * Contract: a record is never deleted, and changed by screening only once, when its detectors
 * complete a `detecting` record.
 */
export interface ScreeningStore {
  /**
   * Stores the record and its audit entry in one transaction, with what holding the upload needs
   * (its sealed bytes, its review item) in the same transaction: a crash leaves all or none, never
   * a held upload that no reviewer will see.
   */
  saveScreening(record: ScreeningRecord, actor?: string, hold?: ScreeningHold): Promise<void>;
  getScreening(id: string): Promise<ScreeningRecord | null>;
  /**
   * Completes a `detecting` record with its detectors' outcome, audited as `screening.detected`,
   * with its hold when the outcome holds the upload, in one transaction. False when the record is
   * not (or no longer) `detecting`: nothing is written.
   */
  completeDetection(
    id: string,
    outcome: DetectionOutcome,
    hold?: ScreeningHold,
    at?: string,
  ): Promise<boolean>;
  /** `detecting` records created before `before` (their detectors were lost), oldest first. */
  listStaleDetections(before: string, limit: number): Promise<ScreeningRecord[]>;
  /** A reviewer decided the held or referred upload: its record is no longer pending review. */
  markReviewed(id: string): Promise<void>;
  /** Newest first; `before` is a createdAt cursor. */
  listScreenings(
    orgId: number,
    options: { limit: number; before?: string },
  ): Promise<ScreeningRecord[]>;
  close(): Promise<void>;
}
