import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/case-urls/unassigned/notices',
    tags: ['cases'],
    summary: 'Try the queue again: each URL a platform now hosts gets its notice',
    description: 'Counsellors. Run it after a platform registers its domains.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'how many notices were sent',
        content: { 'application/json': { schema: z.object({ sent: z.number().int() }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const noticeUnassignedUrls = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    return c.json({ sent: (await service.noticeUnassigned(viewer)).length }, 200);
  });
