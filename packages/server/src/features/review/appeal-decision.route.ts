import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZItem, view } from './review.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/review/{id}/appeal',
    tags: ['review'],
    summary: 'Appeal a decision, once',
    description: 'Roles: platform (the item’s).',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ reason: z.string().max(2000) }).strict() },
        },
      },
    },
    responses: {
      200: { description: 'appealed', content: { 'application/json': { schema: ZItem } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
);

export const appealDecision = (service: ReviewService, now: () => Date) =>
  defineOperation(route, async (c) =>
    c.json(
      view(
        await service.appeal(
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').reason,
        ),
        now(),
      ),
      200,
    ),
  );
