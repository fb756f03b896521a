import {
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  REVIEW_REASON_CODES,
  REVIEW_STATUSES,
  type ReviewItem,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the review store's tables as its record: one mapping for both backends. */
export const toItem = (row: Row): ReviewItem => {
  const r = readRow('review_items', row);
  return {
    id: r.int('id'),
    kind: r.oneOf('kind', REVIEW_KINDS),
    platformOrgId: r.int('platform_org_id'),
    screeningId: r.textOrNull('screening_id'),
    noticeId: r.intOrNull('notice_id'),
    status: r.oneOf('status', REVIEW_STATUSES),
    decision: r.oneOfOrNull('decision', REVIEW_DECISIONS),
    reasonCode: r.oneOfOrNull('reason_code', REVIEW_REASON_CODES),
    decidedBy: r.textOrNull('decided_by'),
    decidedAt: r.textOrNull('decided_at'),
    appealReason: r.textOrNull('appeal_reason'),
    appealedBy: r.textOrNull('appealed_by'),
    dueAt: r.text('due_at'),
    createdAt: r.text('created_at'),
    updatedAt: r.text('updated_at'),
  };
};
