import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { OversightService } from './oversight-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZRange, nullableNumber, ZBucket, range } from './oversight.schema.js';

const ZMetrics = z
  .object({
    from: z.string(),
    to: z.string(),
    notices: z.object({
      sent: z.number().int(),
      removed: z.number().int(),
      removedWithinDeadline: z.number().int(),
      shareWithinDeadline: nullableNumber,
      overdueNow: z.number().int(),
      disputed: z.number().int(),
      hoursToRemoval: z.object({
        p50: nullableNumber,
        p90: nullableNumber,
        p99: nullableNumber,
        max: nullableNumber,
      }),
    }),
    platforms: z.array(
      z.object({
        platform: z.string(),
        notices: z.number().int(),
        removed: z.number().int(),
        removedWithinDeadline: z.number().int(),
        shareWithinDeadline: nullableNumber,
        overdue: z.number().int(),
        medianHoursToRemoval: nullableNumber,
      }),
    ),
    cases: z.object({
      opened: z.number().int(),
      selfService: z.number().int(),
      viaSupportCenter: z.number().int(),
      allContentRemoved: z.number().int(),
      withdrawn: z.number().int(),
    }),
    review: z.object({
      opened: z.record(z.string(), z.number().int()),
      decided: z.object({ remove: z.number().int(), restore: z.number().int() }),
      appealed: z.number().int(),
      backlog: z.number().int(),
      backlogOverdue: z.number().int(),
      oldestBacklogHours: nullableNumber,
      backlogAge: z.array(ZBucket),
    }),
    removalHours: z.array(ZBucket),
    series: z.object({
      period: z.enum(['day', 'week']),
      points: z.array(
        z.object({
          start: z.string(),
          sent: z.number().int(),
          removedWithinDeadline: z.number().int(),
          shareWithinDeadline: nullableNumber,
        }),
      ),
    }),
  })
  .openapi('Metrics');

const route = accessRoute(
  { callers: ['analyst', 'admin'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/metrics',
    tags: ['oversight'],
    summary:
      'Takedown times, share within the deadline, compliance per platform, referrals, backlog',
    description:
      'Roles: analyst, admin. Notices sent and review items opened in [from, to), widened to whole UTC days. Times to removal are null when fewer than 3 removals would give them (a small cell would show those notices’ own times).',
    security: [{ bearer: [] }],
    request: { query: ZRange },
    responses: {
      200: {
        description: 'the figures',
        content: { 'application/json': { schema: ZMetrics } },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const readMetrics = (service: OversightService) =>
  defineOperation(route, async (c) => {
    const { from, to } = range(c.req.valid('query'));
    const metrics = await service.metrics(from, to);
    // The core's arrays are readonly; the response schema's are plain.
    return c.json(
      {
        ...metrics,
        platforms: [...metrics.platforms],
        removalHours: [...metrics.removalHours],
        series: { ...metrics.series, points: [...metrics.series.points] },
        review: { ...metrics.review, backlogAge: [...metrics.review.backlogAge] },
      },
      200,
    );
  });
