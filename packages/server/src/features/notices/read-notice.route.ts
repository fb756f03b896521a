import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { ZNotice, view } from './notices.schema.js';
import type { NoticeService } from './notice-service.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/notices/{id}',
    tags: ['notices'],
    summary: 'One notice',
    description: 'Roles: platform (its own).',
    security: [{ bearer: [] }],
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
);

export const readNotice = (service: NoticeService, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { notice, events } = await service.forPlatform(
      c.get('principal').orgId,
      c.req.valid('param').id,
    );
    return c.json(
      {
        ...view(notice, now()),
        events: events.map((e) => ({
          event: e.event,
          fromState: e.fromState,
          toState: e.toState,
          at: e.at,
          note: e.note,
        })),
      },
      200,
    );
  });
