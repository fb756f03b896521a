import { z } from '@hono/zod-openapi';
import { NOTICE_STATES, type Notice } from '@haechi/core';

export const ZNotice = z
  .object({
    id: z.number().int(),
    url: z.string(),
    state: z.enum(NOTICE_STATES),
    jurisdiction: z.string(),
    sentAt: z.string(),
    deadlineAt: z.string(),
    secondsLeft: z
      .number()
      .int()
      .openapi({ description: 'until the deadline (negative when past)' }),
    removedAt: z.string().nullable(),
    disputeReason: z.string().nullable(),
  })
  .openapi('Notice');

export const view = (n: Notice, now: Date) => ({
  id: n.id,
  url: n.url,
  state: n.state,
  jurisdiction: n.jurisdiction,
  sentAt: n.sentAt,
  deadlineAt: n.deadlineAt,
  secondsLeft: Math.round((Date.parse(n.deadlineAt) - now.getTime()) / 1000),
  removedAt: n.removedAt,
  disputeReason: n.disputeReason,
});
