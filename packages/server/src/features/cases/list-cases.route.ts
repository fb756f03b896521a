import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/cases',
    tags: ['cases'],
    summary:
      "A counsellor's caseload: her center's cases, newest first, with their notices' progress",
    description: 'Roles: counsellor.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the cases',
        content: {
          'application/json': {
            schema: z.object({
              cases: z.array(
                z.object({
                  code: z.string(),
                  status: z.enum(['open', 'withdrawn']),
                  openedAt: z.string(),
                  notices: z.number().int(),
                  removed: z.number().int(),
                  overdue: z.number().int(),
                  nextDeadline: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listCases = (service: CaseService) =>
  defineOperation(route, async (c) => {
    return c.json({ cases: await service.listForCenter(c.var.principal) }, 200);
  });
