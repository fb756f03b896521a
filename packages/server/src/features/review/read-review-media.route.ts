import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { ReviewService } from './review-service.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['reviewer'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/review/{id}/media',
    tags: ['review'],
    summary: "An item's kept upload, for its reviewer (the view is audited)",
    description:
      'Roles: reviewer. 404 when nothing was kept (hashes only, retention off) or it was destroyed. The console shows it blurred until revealed.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    responses: {
      200: {
        description: 'the bytes',
        content: {
          'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readReviewMedia = (review: ReviewService, evidence: EvidenceService) =>
  defineOperation(route, async (c) => {
    const item = await review.requireItem(c.req.valid('param').id);
    if (item.screeningId === null) throw new AppError('not_found', 'this item has no upload');
    const { bytes, contentType } = await evidence.viewRetained(
      item.screeningId,
      c.get('principal').actor,
    );
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': contentType,
      'cache-control': 'no-store',
      'content-disposition': 'inline',
    });
  });
