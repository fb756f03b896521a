import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZItem, view } from './review.schema.js';

const route = accessRoute(
  { callers: ['reviewer'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/review',
    tags: ['review'],
    summary: 'The queue: open and appealed items, oldest deadline first',
    description: 'Roles: reviewer.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the queue',
        content: { 'application/json': { schema: z.object({ items: z.array(ZItem) }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listReviewQueue = (service: ReviewService, now: () => Date) =>
  defineOperation(route, async (c) =>
    c.json({ items: (await service.queue()).map((i) => view(i, now())) }, 200),
  );
