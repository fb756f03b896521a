import type { ReviewItem } from '@haechi/core';

/** A row of the review store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v as string | null) ?? null;

export const toItem = (r: Row): ReviewItem => ({
  id: r['id'] as number,
  kind: r['kind'] as ReviewItem['kind'],
  platformOrgId: r['platform_org_id'] as number,
  screeningId: str(r['screening_id']),
  noticeId: (r['notice_id'] as number | null) ?? null,
  status: r['status'] as ReviewItem['status'],
  decision: str(r['decision']) as ReviewItem['decision'],
  reasonCode: str(r['reason_code']) as ReviewItem['reasonCode'],
  decidedBy: str(r['decided_by']),
  decidedAt: str(r['decided_at']),
  appealReason: str(r['appeal_reason']),
  appealedBy: str(r['appealed_by']),
  dueAt: r['due_at'] as string,
  createdAt: r['created_at'] as string,
  updatedAt: r['updated_at'] as string,
});
