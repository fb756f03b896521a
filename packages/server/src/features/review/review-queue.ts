import {
  REVIEW_SLA_HOURS,
  type NewReviewItem,
  type Notice,
  type ReviewItem,
  type ReviewKind,
  type ReviewStore,
} from '@haechi/core';
import type { EscalationKind, NoticeEscalation } from '../notices/notice-ports.js';

export interface ReviewQueueDeps {
  readonly review: ReviewStore;
  readonly now: () => Date;
}

/**
 * Puts items on the regulator's queue, each due by its kind's SLA. It needs nothing but the review
 * store, so notices can escalate to it without depending on the service that decides items.
 */
export class ReviewQueue implements NoticeEscalation {
  constructor(private readonly deps: ReviewQueueDeps) {}

  /** A disputed or overdue notice, for a reviewer to decide. */
  escalateNotice(notice: Notice, kind: EscalationKind): Promise<ReviewItem | null> {
    return this.deps.review.createItem(
      this.newItem(kind, notice.platformOrgId, { noticeId: notice.id }),
      'system',
    );
  }

  /** The item to store with a held or referred upload (so the two commit together). */
  newItem(
    kind: ReviewKind,
    platformOrgId: number,
    ref: { screeningId?: string; noticeId?: number },
  ): NewReviewItem {
    const now = this.deps.now();
    return {
      kind,
      platformOrgId,
      screeningId: ref.screeningId ?? null,
      noticeId: ref.noticeId ?? null,
      dueAt: new Date(now.getTime() + REVIEW_SLA_HOURS[kind] * 3_600_000).toISOString(),
      createdAt: now.toISOString(),
    };
  }
}
