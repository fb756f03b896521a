import { z } from '@hono/zod-openapi';
import { REVIEW_KINDS, REVIEW_REASON_CODES, type ReviewItem } from '@haechi/core';

export const ZItem = z
  .object({
    id: z.number().int(),
    kind: z.enum(REVIEW_KINDS),
    platformOrgId: z.number().int(),
    screeningId: z.string().nullable(),
    noticeId: z.number().int().nullable(),
    status: z.enum(['open', 'decided', 'appealed', 'final']),
    decision: z.enum(['remove', 'restore']).nullable(),
    reasonCode: z.enum(REVIEW_REASON_CODES).nullable(),
    decidedAt: z.string().nullable(),
    appealReason: z.string().nullable(),
    dueAt: z.string(),
    overdue: z.boolean().openapi({ description: 'the review SLA has passed' }),
    createdAt: z.string(),
  })
  .openapi('ReviewItem');

export const view = (item: ReviewItem, now: Date) => ({
  id: item.id,
  kind: item.kind,
  platformOrgId: item.platformOrgId,
  screeningId: item.screeningId,
  noticeId: item.noticeId,
  status: item.status,
  decision: item.decision,
  reasonCode: item.reasonCode,
  decidedAt: item.decidedAt,
  appealReason: item.appealReason,
  dueAt: item.dueAt,
  overdue:
    (item.status === 'open' || item.status === 'appealed') &&
    Date.parse(item.dueAt) < now.getTime(),
  createdAt: item.createdAt,
});
