import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { REVIEW_REASON_CODES } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZItem, view } from './review.schema.js';

const route = accessRoute(
  { callers: ['reviewer'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/review/{id}/decide',
    tags: ['review'],
    summary: 'Decide an item: remove (confirm) or restore, with a reason code',
    description: 'Roles: reviewer. An appealed item is decided, finally, by a different reviewer.',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                decision: z.enum(['remove', 'restore']),
                reasonCode: z.enum(REVIEW_REASON_CODES),
              })
              .strict(),
          },
        },
      },
    },
    responses: {
      200: { description: 'decided', content: { 'application/json': { schema: ZItem } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
);

export const decideReviewItem = (service: ReviewService, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { decision, reasonCode } = c.req.valid('json');
    return c.json(
      view(
        await service.decide(c.get('principal'), c.req.valid('param').id, decision, reasonCode),
        now(),
      ),
      200,
    );
  });
