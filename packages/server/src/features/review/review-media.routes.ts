import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { ReviewService } from './review-service.js';

/** The held upload itself, for the reviewer deciding it: sent only on request, every view audited. */
export function reviewMediaRoutes(
  review: ReviewService,
  evidence: EvidenceService,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
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
    },
  );
  return app;
}
