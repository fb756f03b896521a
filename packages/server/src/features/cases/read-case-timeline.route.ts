import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';

const ZTimelineEvent = z
  .object({
    at: z.string(),
    action: z.string(),
    noticeId: z.number().int().nullable(),
    by: z.string().openapi({ description: 'victim, system, or the role of who acted' }),
    transition: z.object({ event: z.string(), from: z.string(), to: z.string() }).nullable(),
  })
  .openapi('CaseTimelineEvent');

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'case' },
  {
    method: 'get',
    path: '/v1/cases/{code}/timeline',
    tags: ['cases'],
    summary: 'A case’s history from the audit log: the case and its notices, oldest first',
    description: 'Counsellors of the case’s center. Ids, states and kinds of actor only.',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().max(32) }) },
    responses: {
      200: {
        description: 'the events',
        content: {
          'application/json': { schema: z.object({ events: z.array(ZTimelineEvent) }) },
        },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readCaseTimeline = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    return c.json({ events: await service.timeline(theCase) }, 200);
  });
