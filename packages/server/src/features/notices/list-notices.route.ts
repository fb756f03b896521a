import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { NOTICE_STATES } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { ZNotice, view } from './notices.schema.js';
import type { NoticeService } from './notice-service.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/notices',
    tags: ['notices'],
    summary: 'The platform’s notices, soonest deadline first',
    description: 'Roles: platform.',
    security: [{ bearer: [] }],
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
);

export const listNotices = (service: NoticeService, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { state, limit } = c.req.valid('query');
    const list = await service.listForPlatform(c.get('principal').orgId, { state, limit });
    return c.json({ notices: list.map((n) => view(n, now())) }, 200);
  });
