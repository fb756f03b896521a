import type { Verdict } from '../policy/policy-schema.js';

/** A stored screening decision with its evidence (hashes, matches, scores, reasons). */
export interface ScreeningRecord {
  /** `scr_` + random: unguessable, so one platform cannot walk another's records. */
  readonly id: string;
  readonly orgId: number;
  readonly contentId: string | null;
  readonly url: string | null;
  readonly verdict: Verdict;
  readonly mediaKind: 'image' | 'video' | 'hashes';
  /** hold/refer wait for review; block is final unless appealed; `done` for async results. */
  readonly status: 'pending_review' | 'final';
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** Every non-allow verdict is kept here. Contract: records are never changed or deleted by screening. */
export interface ScreeningStore {
  /** Stores the record and its audit entry in one transaction. */
  saveScreening(record: ScreeningRecord, actor?: string): Promise<void>;
  getScreening(id: string): Promise<ScreeningRecord | null>;
  /** A reviewer decided the held or referred upload: its record is no longer pending review. */
  markReviewed(id: string): Promise<void>;
  /** Newest first; `before` is a createdAt cursor. */
  listScreenings(
    orgId: number,
    options: { limit: number; before?: string },
  ): Promise<ScreeningRecord[]>;
  close(): Promise<void>;
}
