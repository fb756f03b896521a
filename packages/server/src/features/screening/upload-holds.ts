import type { ScreeningHold, ScreeningRecord } from '@haechi/core';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { ReviewService } from '../review/review-service.js';

/** What screening needs to hold an upload: written with its record, in one transaction. */
export interface HoldPreparer {
  prepare(record: ScreeningRecord, bytes?: Uint8Array): ScreeningHold;
}

/**
 * A held or referred upload is kept (its bytes sealed, as possible evidence) and queued for the
 * regulator; both are written with the screening record, so a crash never leaves a held upload that
 * no reviewer will see, or one kept without its record.
 */
export class UploadHolds implements HoldPreparer {
  constructor(private readonly deps: { evidence: EvidenceService; review: ReviewService }) {}

  prepare(record: ScreeningRecord, bytes?: Uint8Array): ScreeningHold {
    return {
      media: bytes ? this.deps.evidence.sealForRetention(record, bytes) : null,
      reviewItem: this.deps.review.itemForScreening(record),
    };
  }
}
