import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import { MAX_NOTE_CHARS, type CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZNote } from './cases.schema.js';

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'case' },
  {
    method: 'post',
    path: '/v1/cases/{code}/notes',
    tags: ['cases'],
    summary: 'Add a contact note to a case',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ code: z.string().max(32) }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ text: z.string().max(MAX_NOTE_CHARS * 4) }).strict(),
          },
        },
      },
    },
    responses: {
      201: { description: 'the note', content: { 'application/json': { schema: ZNote } } },
      ...errorResponses(400, 401, 403, 404),
    },
  },
);

export const addCaseNote = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    return c.json(await service.addNote(theCase, viewer, c.req.valid('json').text), 201);
  });
