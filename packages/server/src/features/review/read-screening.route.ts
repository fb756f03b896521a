import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { REVIEW_REASON_CODES, SCREENING_STATUSES } from '@haechi/core';
import { ZDetectorScore, ZPolicyReason } from '../../http/screening-evidence.schema.js';
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
    description:
      'Roles: platform (its own), reviewer. An upload screened with `detectors=async` is `detecting` ' +
      'until its detectors have run; its verdict may then tighten (allow → hold, refer or block).',
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
              status: z.enum(SCREENING_STATUSES),
              reasons: z.array(ZPolicyReason),
              scores: z.array(ZDetectorScore),
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
        reasons: [...(record.evidence.reasons ?? [])],
        scores: [...(record.evidence.scores ?? [])],
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
