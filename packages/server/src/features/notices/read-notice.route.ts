import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError, type NoticeStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { ZNotice, view } from './notices.schema.js';

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

export const readNotice = (notices: NoticeStore, now: () => Date) =>
  defineOperation(route, async (c) => {
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
  });
