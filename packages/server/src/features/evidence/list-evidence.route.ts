import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { EvidenceService } from './evidence-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZRecord, view } from './evidence.schema.js';

const route = accessRoute(
  { callers: ['investigator'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/evidence',
    tags: ['evidence'],
    summary: 'Evidence records, newest first',
    description: 'Roles: investigator.',
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.string().datetime().optional(),
      }),
    },
    responses: {
      200: {
        description: 'the records',
        content: { 'application/json': { schema: z.object({ records: z.array(ZRecord) }) } },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const listEvidence = (service: EvidenceService) =>
  defineOperation(route, async (c) => {
    const { limit, before } = c.req.valid('query');
    const records = await service.list({
      limit,
      ...(before === undefined ? {} : { before: new Date(before).toISOString() }),
    });
    return c.json({ records: records.map(view) }, 200);
  });
