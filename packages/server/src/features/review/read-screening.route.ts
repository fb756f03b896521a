import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { REVIEW_REASON_CODES } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { ReviewService } from './review-service.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['platform', 'reviewer'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/screenings/{id}',
    tags: ['screening'],
    summary: 'A stored verdict and its review status',
    description: 'Roles: platform (its own), reviewer.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string().max(64) }) },
    responses: {
      200: {
        description: 'the record',
        content: {
          'application/json': {
            schema: z.object({
              id: z.string(),
              verdict: z.string(),
              status: z.string(),
              contentId: z.string().nullable(),
              createdAt: z.string(),
              review: z
                .object({
                  status: z.enum(['open', 'decided', 'appealed', 'final']),
                  decision: z.enum(['remove', 'restore']).nullable(),
                  reasonCode: z.enum(REVIEW_REASON_CODES).nullable(),
                  decidedAt: z.string().nullable(),
                  action: z
                    .enum(['hold', 'release', 'keep_blocked'])
                    .openapi({ description: 'what the platform does with the upload now' }),
                })
                .nullable(),
            }),
          },
        },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readScreening = (service: ReviewService) =>
  defineOperation(route, async (c) => {
    const { record, item } = await service.screeningFor(
      c.get('principal'),
      c.req.valid('param').id,
    );
    return c.json(
      {
        id: record.id,
        verdict: record.verdict,
        status: record.status,
        contentId: record.contentId,
        createdAt: record.createdAt,
        review: item
          ? {
              status: item.status,
              decision: item.decision,
              reasonCode: item.reasonCode,
              decidedAt: item.decidedAt,
              action:
                item.decision === null
                  ? ('hold' as const)
                  : item.decision === 'restore'
                    ? ('release' as const)
                    : ('keep_blocked' as const),
            }
          : null,
      },
      200,
    );
  });
