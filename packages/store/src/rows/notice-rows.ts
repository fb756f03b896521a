import type { Notice, NoticeEventRecord, NoticeState } from '@haechi/core';

/** A row of the notice store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toNotice = (r: Row): Notice => ({
  id: r['id'] as number,
  platformOrgId: r['platform_org_id'] as number,
  caseId: (r['case_id'] as number | null) ?? null,
  screeningId: (r['screening_id'] as string | null) ?? null,
  url: r['url'] as string,
  state: r['state'] as NoticeState,
  jurisdiction: r['jurisdiction'] as string,
  sentAt: r['sent_at'] as string,
  deadlineAt: r['deadline_at'] as string,
  removedAt: (r['removed_at'] as string | null) ?? null,
  disputeReason: (r['dispute_reason'] as string | null) ?? null,
  updatedAt: r['updated_at'] as string,
});

export const toEvent = (r: Row): NoticeEventRecord => ({
  noticeId: r['notice_id'] as number,
  event: r['event'] as NoticeEventRecord['event'],
  fromState: (r['from_state'] as NoticeState | null) ?? null,
  toState: r['to_state'] as NoticeState,
  at: r['at'] as string,
  actor: r['actor'] as string,
  note: (r['note'] as string | null) ?? null,
});
