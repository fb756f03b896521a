import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { NoticeService } from './notice-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZNotice, view } from './notices.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/notices/{id}/{action}',
    tags: ['notices'],
    summary:
      'Acknowledge a notice, report the content removed (it is then verified), or dispute it',
    description:
      'Roles: platform (its own). `dispute` needs a reason and sends the notice to the regulator.',
    security: [{ bearer: [] }],
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
);

export const actOnNotice = (service: NoticeService, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { id, action } = c.req.valid('param');
    const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : {};
    const updated = await service.act(c.get('principal'), id, action, body.reason);
    return c.json(view(updated, now()), 200);
  });
