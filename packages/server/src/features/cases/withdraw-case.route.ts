import { z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZCaseStatus, viewerOf, actorOf } from './cases.schema.js';

const route = accessRoute(
  { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
  {
    method: 'post',
    path: '/v1/cases/{code}/withdraw',
    tags: ['cases'],
    summary: 'Withdraw the case: its hashes stop matching and its open notices are withdrawn',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().max(32) }) },
    responses: {
      200: {
        description: 'withdrawn',
        content: { 'application/json': { schema: ZCaseStatus } },
      },
      ...errorResponses(401, 404, 409),
    },
  },
);

export const withdrawCase = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = viewerOf(c);
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    return c.json(await service.status(await service.withdraw(theCase, actorOf(viewer))), 200);
  });
