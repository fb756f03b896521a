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
    path: '/v1/evidence/{id}',
    tags: ['evidence'],
    summary: 'One evidence record: the facts fixed when the item was confirmed',
    description: 'Roles: investigator.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string().min(1).max(100) }) },
    responses: {
      200: { description: 'the record', content: { 'application/json': { schema: ZRecord } } },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readEvidence = (service: EvidenceService) =>
  defineOperation(route, async (c) =>
    c.json(view(await service.get(c.req.valid('param').id)), 200),
  );
