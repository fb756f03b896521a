import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import {
  AppError,
  REVIEW_KINDS,
  REVIEW_REASON_CODES,
  type ReviewItem,
  type ScreeningRecord,
  type ScreeningStore,
} from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { ZScreeningEvidence } from '../../http/screening-evidence.schema.js';

const ZItem = z
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

const view = (item: ReviewItem, now: Date) => ({
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

/** The regulator's review queue (reviewers), and appeals (the platform concerned). */
export function reviewRoutes(
  service: ReviewService,
  screenings: ScreeningStore,
  now: () => Date,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];

  app.openapi(
    accessRoute(
      { callers: ['reviewer'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/review',
        tags: ['review'],
        summary: 'The queue: open and appealed items, oldest deadline first',
        description: 'Roles: reviewer.',
        security,
        responses: {
          200: {
            description: 'the queue',
            content: { 'application/json': { schema: z.object({ items: z.array(ZItem) }) } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => c.json({ items: (await service.queue()).map((i) => view(i, now())) }, 200),
  );
  app.openapi(
    accessRoute(
      { callers: ['reviewer'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/review/{id}',
        tags: ['review'],
        summary:
          'One item, with the screening evidence behind it (signals and reasons; never media bytes)',
        description: 'Roles: reviewer.',
        security,
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
    ),
    async (c) => {
      const item = await service.requireItem(c.req.valid('param').id);
      const context = await service.noticeContext(item);
      const record = item.screeningId
        ? await screenings.getScreening(item.screeningId)
        : (context?.screening ?? null);
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
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['reviewer'], tenant: 'all' },
      {
        method: 'post',
        path: '/v1/review/{id}/decide',
        tags: ['review'],
        summary: 'Decide an item: remove (confirm) or restore, with a reason code',
        description:
          'Roles: reviewer. An appealed item is decided, finally, by a different reviewer.',
        security,
        request: {
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({
                    decision: z.enum(['remove', 'restore']),
                    reasonCode: z.enum(REVIEW_REASON_CODES),
                  })
                  .strict(),
              },
            },
          },
        },
        responses: {
          200: { description: 'decided', content: { 'application/json': { schema: ZItem } } },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    ),
    async (c) => {
      const { decision, reasonCode } = c.req.valid('json');
      return c.json(
        view(
          await service.decide(c.get('principal'), c.req.valid('param').id, decision, reasonCode),
          now(),
        ),
        200,
      );
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'post',
        path: '/v1/review/{id}/appeal',
        tags: ['review'],
        summary: 'Appeal a decision, once',
        description: 'Roles: platform (the item’s).',
        security,
        request: {
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: {
            required: true,
            content: {
              'application/json': { schema: z.object({ reason: z.string().max(2000) }).strict() },
            },
          },
        },
        responses: {
          200: { description: 'appealed', content: { 'application/json': { schema: ZItem } } },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    ),
    async (c) =>
      c.json(
        view(
          await service.appeal(
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').reason,
          ),
          now(),
        ),
        200,
      ),
  );
  app.openapi(
    accessRoute(
      { callers: ['platform', 'reviewer'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/screenings/{id}',
        tags: ['screening'],
        summary: 'A stored verdict and its review status',
        description: 'Roles: platform (its own), reviewer.',
        security,
        request: { params: z.object({ id: z.string().max(64) }) },
        responses: {
          200: {
            description: 'the record',
            content: {
              'application/json': {
                schema: z.object({
                  id: z.string(),
                  verdict: z.string(),
                  status: z.string(),
                  contentId: z.string().nullable(),
                  createdAt: z.string(),
                  review: z
                    .object({
                      status: z.enum(['open', 'decided', 'appealed', 'final']),
                      decision: z.enum(['remove', 'restore']).nullable(),
                      reasonCode: z.enum(REVIEW_REASON_CODES).nullable(),
                      decidedAt: z.string().nullable(),
                      action: z
                        .enum(['hold', 'release', 'keep_blocked'])
                        .openapi({ description: 'what the platform does with the upload now' }),
                    })
                    .nullable(),
                }),
              },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const principal = c.get('principal');
      const record = await screenings.getScreening(c.req.valid('param').id);
      if (!record || (principal.role === 'platform' && record.orgId !== principal.orgId))
        throw new AppError('not_found', 'no such screening');
      const item = (await service.itemsOfScreening(record.id)).at(-1);
      return c.json(
        {
          id: record.id,
          verdict: record.verdict,
          status: record.status,
          contentId: record.contentId,
          createdAt: record.createdAt,
          review: item
            ? {
                status: item.status,
                decision: item.decision,
                reasonCode: item.reasonCode,
                decidedAt: item.decidedAt,
                action:
                  item.decision === null
                    ? ('hold' as const)
                    : item.decision === 'restore'
                      ? ('release' as const)
                      : ('keep_blocked' as const),
              }
            : null,
        },
        200,
      );
    },
  );
  return app;
}

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
