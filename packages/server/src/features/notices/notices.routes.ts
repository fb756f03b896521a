import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError, NOTICE_STATES, type Notice, type NoticeStore } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { NoticeService } from './notice-service.js';

const ZNotice = z
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

const view = (n: Notice, now: Date) => ({
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

/** The pull API of notices: a platform sees and acts on its own notices only. */
export function noticeRoutes(
  service: NoticeService,
  notices: NoticeStore,
  now: () => Date,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/notices',
        tags: ['notices'],
        summary: 'The platform’s notices, soonest deadline first',
        description: 'Roles: platform.',
        security,
        request: {
          query: z.object({
            state: z.enum(NOTICE_STATES).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
        },
        responses: {
          200: {
            description: 'notices',
            content: { 'application/json': { schema: z.object({ notices: z.array(ZNotice) }) } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => {
      const { state, limit } = c.req.valid('query');
      const list = await notices.listNotices({
        platformOrgId: c.get('principal').orgId,
        ...(state ? { states: [state] } : {}),
        limit,
      });
      return c.json({ notices: list.map((n) => view(n, now())) }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/notices/{id}',
        tags: ['notices'],
        summary: 'One notice',
        description: 'Roles: platform (its own).',
        security,
        request: { params: z.object({ id: z.coerce.number().int().positive() }) },
        responses: {
          200: {
            description: 'the notice and its history',
            content: {
              'application/json': {
                schema: ZNotice.extend({
                  events: z.array(
                    z.object({
                      event: z.string(),
                      fromState: z.string().nullable(),
                      toState: z.string(),
                      at: z.string(),
                      note: z.string().nullable(),
                    }),
                  ),
                }),
              },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const notice = await notices.getNotice(c.req.valid('param').id);
      if (!notice || notice.platformOrgId !== c.get('principal').orgId)
        throw new AppError('not_found', 'no such notice');
      const events = (await notices.listEvents(notice.id)).map((e) => ({
        event: e.event,
        fromState: e.fromState,
        toState: e.toState,
        at: e.at,
        note: e.note,
      }));
      return c.json({ ...view(notice, now()), events }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'post',
        path: '/v1/notices/{id}/{action}',
        tags: ['notices'],
        summary:
          'Acknowledge a notice, report the content removed (it is then verified), or dispute it',
        description:
          'Roles: platform (its own). `dispute` needs a reason and sends the notice to the regulator.',
        security,
        request: {
          params: z.object({
            id: z.coerce.number().int().positive(),
            action: z.enum(['acknowledge', 'removed', 'dispute']),
          }),
          body: {
            content: {
              'application/json': {
                schema: z.object({ reason: z.string().max(2000).optional() }).strict(),
              },
            },
          },
        },
        responses: {
          200: {
            description: 'the notice after the action',
            content: { 'application/json': { schema: ZNotice } },
          },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    ),
    async (c) => {
      const { id, action } = c.req.valid('param');
      const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : {};
      const updated = await service.act(c.get('principal'), id, action, body.reason);
      return c.json(view(updated, now()), 200);
    },
  );
  return app;
}
