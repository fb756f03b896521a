import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { statementsToCsv, type OversightService } from './oversight-service.js';

const ZRange = z.object({
  from: z.string().datetime().openapi({ example: '2026-11-01T00:00:00Z' }),
  to: z.string().datetime().openapi({ example: '2026-12-01T00:00:00Z' }),
});

const nullableNumber = z.number().nullable();
const ZBucket = z.object({
  fromHours: z.number(),
  toHours: nullableNumber,
  count: z.number().int(),
});
/** Longest range one request may ask for (the series has a point per week beyond 92 days). */
const MAX_RANGE_DAYS = 3660;

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

const DAY_MS = 86_400_000;

/**
 * The range asked for, widened to whole UTC days: a range of a millisecond would isolate one
 * notice's times, and aggregates are only that while they cover whole days.
 */
function range(q: { from: string; to: string }): { from: string; to: string } {
  const from = new Date(Math.floor(Date.parse(q.from) / DAY_MS) * DAY_MS).toISOString();
  const to = new Date(Math.ceil(Date.parse(q.to) / DAY_MS) * DAY_MS).toISOString();
  if (from >= to) throw new AppError('invalid_input', 'from must be before to');
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000)
    throw new AppError('invalid_input', `the range is over ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** The task force's metrics and the transparency report: aggregates only. */
export function oversightRoutes(service: OversightService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];
  app.openapi(
    accessRoute(
      { callers: ['analyst', 'admin'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/metrics',
        tags: ['oversight'],
        summary:
          'Takedown times, share within the deadline, compliance per platform, referrals, backlog',
        description:
          'Roles: analyst, admin. Notices sent and review items opened in [from, to), widened to whole UTC days. Times to removal are null when fewer than 3 removals would give them (a small cell would show those notices’ own times).',
        security,
        request: { query: ZRange },
        responses: {
          200: {
            description: 'the figures',
            content: { 'application/json': { schema: ZMetrics } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
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
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['analyst', 'admin', 'reviewer'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/reports/transparency',
        tags: ['oversight'],
        summary: 'Every review decision in [from, to) as a DSA statement of reasons, JSON or CSV',
        description: 'Roles: analyst, admin, reviewer.',
        security,
        request: { query: ZRange.extend({ format: z.enum(['json', 'csv']).default('json') }) },
        responses: {
          200: {
            description: 'the report',
            content: {
              'application/json': {
                schema: z.object({
                  from: z.string(),
                  to: z.string(),
                  decisions: z.array(z.record(z.string(), z.unknown())),
                }),
              },
              'text/csv': { schema: z.string() },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
      const query = c.req.valid('query');
      const { from, to } = range(query);
      const rows = await service.statementsOfReasons(from, to);
      if (query.format === 'csv')
        return c.body(statementsToCsv(rows), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="haechi-transparency.csv"',
        });
      return c.json({ from, to, decisions: rows.map((r) => ({ ...r })) }, 200);
    },
  );
  return app;
}
