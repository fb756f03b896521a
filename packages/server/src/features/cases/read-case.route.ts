import { z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZCaseStatus, viewerOf } from './cases.schema.js';

const route = accessRoute(
  { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
  {
    method: 'get',
    path: '/v1/cases/{code}',
    tags: ['cases'],
    summary: 'A case’s status: its URLs and every notice with its deadline and state',
    description: 'The victim (her case session) or a counsellor of the case’s center.',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().max(32) }) },
    responses: {
      200: {
        description: 'the case',
        content: { 'application/json': { schema: ZCaseStatus } },
      },
      ...errorResponses(401, 404),
    },
  },
);

export const readCase = (service: CaseService) =>
  defineOperation(route, async (c) =>
    c.json(
      await service.status(await service.requireCase(c.req.valid('param').code, viewerOf(c))),
      200,
    ),
  );
