/** Why an item is in the regulator's queue. PERSISTED DATA: never renamed. */
export const REVIEW_KINDS = [
  'held_screening',
  'referred_screening',
  'disputed_notice',
  'overdue_notice',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Reviewers' reason codes (the DSA statement of reasons needs one). PERSISTED DATA. */
export const REVIEW_STATUSES = ['open', 'decided', 'appealed', 'final'] as const;
export const REVIEW_DECISIONS = ['remove', 'restore'] as const;

export const REVIEW_REASON_CODES = [
  'ncii',
  'sexual_deepfake',
  'csam',
  'not_intimate',
  'consent_shown',
  'not_identifiable',
  'insufficient_evidence',
] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

/**
 * The reason codes each decision may carry: a removal says why the item is abusive, a restoration
 * why it is not (or not shown to be). So a statement of reasons cannot contradict its decision.
 */
export const REASON_CODES_BY_DECISION: Readonly<
  Record<'remove' | 'restore', readonly ReviewReasonCode[]>
> = {
  remove: ['ncii', 'sexual_deepfake', 'csam'],
  restore: ['not_intimate', 'consent_shown', 'not_identifiable', 'insufficient_evidence'],
};

/** Hours a reviewer has to decide each kind before the item is itself overdue. */
export const REVIEW_SLA_HOURS: Readonly<Record<ReviewKind, number>> = {
  held_screening: 24,
  referred_screening: 72,
  disputed_notice: 72,
  overdue_notice: 24,
};

export interface ReviewItem {
  readonly id: number;
  readonly kind: ReviewKind;
  readonly platformOrgId: number;
  readonly screeningId: string | null;
  readonly noticeId: number | null;
  /** open → decided → (appealed → final) ; a decision not appealed is final too. */
  readonly status: (typeof REVIEW_STATUSES)[number];
  readonly decision: (typeof REVIEW_DECISIONS)[number] | null;
  readonly reasonCode: ReviewReasonCode | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly appealReason: string | null;
  readonly appealedBy: string | null;
  readonly dueAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What opening a review item takes. */
export type NewReviewItem = Pick<
  ReviewItem,
  'kind' | 'platformOrgId' | 'screeningId' | 'noticeId' | 'dueAt' | 'createdAt'
>;

export interface ReviewStore {
  /** Opens an item unless one is open for the same screening or notice; null then. */
  createItem(input: NewReviewItem, actor: string): Promise<ReviewItem | null>;
  getItem(id: number): Promise<ReviewItem | null>;
  listItems(options: {
    status?: ReviewItem['status'];
    platformOrgId?: number;
    screeningId?: string;
    noticeId?: number;
    limit: number;
  }): Promise<ReviewItem[]>;
  /** Compare-and-set on status; records the audit entry. Null when the item changed meanwhile. */
  update(
    id: number,
    fromStatus: ReviewItem['status'],
    changes: Partial<
      Pick<
        ReviewItem,
        | 'status'
        | 'decision'
        | 'reasonCode'
        | 'decidedBy'
        | 'decidedAt'
        | 'appealReason'
        | 'appealedBy'
      >
    >,
    meta: { at: string; actor: string },
  ): Promise<ReviewItem | null>;
}
