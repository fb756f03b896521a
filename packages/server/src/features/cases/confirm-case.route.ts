import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'case' },
  {
    method: 'post',
    path: '/v1/cases/{code}/confirm',
    tags: ['cases'],
    summary: 'Confirm a case’s hashes: uploads that match are then blocked, not only held',
    description:
      'Counsellors of the case’s center. A victim’s own hashes hold and refer matching uploads; once her counsellor confirms them they go to the confirmed bank, which every platform blocks. The regulator confirms through its review decisions.',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().max(32) }) },
    responses: {
      200: {
        description: 'how many hashes are now confirmed',
        content: {
          'application/json': {
            schema: z.object({ confirmed: z.number().int() }).openapi('CaseConfirmation'),
          },
        },
      },
      ...errorResponses(401, 403, 404, 409),
    },
  },
);

export const confirmCase = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    return c.json({ confirmed: await service.confirmHashes(theCase, viewer) }, 200);
  });
