import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZNote } from './cases.schema.js';

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'case' },
  {
    method: 'get',
    path: '/v1/cases/{code}/notes',
    tags: ['cases'],
    summary: 'The counsellors’ contact notes on a case (stored encrypted)',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().max(32) }) },
    responses: {
      200: {
        description: 'the notes, oldest first',
        content: { 'application/json': { schema: z.object({ notes: z.array(ZNote) }) } },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const listCaseNotes = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    return c.json({ notes: await service.notes(theCase, viewer) }, 200);
  });
