import type { Notice } from '@haechi/core';

/** Why a notice goes to the regulator. */
export type EscalationKind = 'disputed_notice' | 'overdue_notice';

/**
 * Where a notice goes when its platform disputes it or lets its deadline pass: the regulator's
 * review queue. Notices need it and declare it; the review feature implements it. Required, so a
 * server cannot be put together that never escalates.
 */
export interface NoticeEscalation {
  escalateNotice(notice: Notice, kind: EscalationKind): Promise<unknown>;
}

/** Fixes the evidence record of a notice whose removal was verified (the evidence feature). */
export interface RemovalEvidence {
  removalVerified(notice: Notice): Promise<unknown>;
}
