import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { ScreeningRecord } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { ZScreeningEvidence } from '../../http/screening-evidence.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZItem, view } from './review.schema.js';

const ZNoticeContext = z
  .object({
    id: z.number().int(),
    url: z.string(),
    state: z.string(),
    jurisdiction: z.string(),
    sentAt: z.string(),
    deadlineAt: z.string(),
    disputeReason: z.string().nullable(),
    basis: z.enum(['victim_report', 'screened_upload', 'monitor_finding']),
    events: z.array(
      z.object({
        event: z.string(),
        at: z.string(),
        actorKind: z.string(),
        note: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReviewNoticeContext');

/** A screening's record as its reviewer sees it (the arrays copied: the schema's are mutable). */
function reviewEvidence(record: ScreeningRecord): z.infer<typeof ZScreeningEvidence> {
  const { hashes, matches, scores, reasons, jurisdiction } = record.evidence;
  return {
    verdict: record.verdict,
    contentId: record.contentId,
    url: record.url,
    ...(hashes && { hashes }),
    ...(matches && { matches: [...matches] }),
    ...(scores && { scores: [...scores] }),
    ...(reasons && { reasons: [...reasons] }),
    ...(jurisdiction !== undefined && { jurisdiction }),
  };
}

const route = accessRoute(
  { callers: ['reviewer'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/review/{id}',
    tags: ['review'],
    summary:
      'One item, with the screening evidence behind it (signals and reasons; never media bytes)',
    description: 'Roles: reviewer.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    responses: {
      200: {
        description: 'the item',
        content: {
          'application/json': {
            schema: z.object({
              item: ZItem,
              evidence: ZScreeningEvidence.nullable(),
              notice: ZNoticeContext.nullable().openapi({
                description:
                  'for a disputed or overdue notice: the notice, its history, the dispute reason and what it rests on',
              }),
            }),
          },
        },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readReviewItem = (service: ReviewService, now: () => Date) =>
  defineOperation(route, async (c) => {
    const item = await service.requireItem(c.req.valid('param').id);
    const context = await service.noticeContext(item);
    const record = await service.screeningOfItem(item, context);
    return c.json(
      {
        item: view(item, now()),
        notice: context
          ? {
              id: context.notice.id,
              url: context.notice.url,
              state: context.notice.state,
              jurisdiction: context.notice.jurisdiction,
              sentAt: context.notice.sentAt,
              deadlineAt: context.notice.deadlineAt,
              disputeReason: context.notice.disputeReason,
              basis: context.basis,
              events: [...context.events],
            }
          : null,
        evidence: record ? reviewEvidence(record) : null,
      },
      200,
    );
  });
