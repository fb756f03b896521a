import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import { statementsToCsv, type OversightService } from './oversight-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZRange, range } from './oversight.schema.js';

const route = accessRoute(
  { callers: ['analyst', 'admin', 'reviewer'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/reports/transparency',
    tags: ['oversight'],
    summary: 'Every review decision in [from, to) as a DSA statement of reasons, JSON or CSV',
    description: 'Roles: analyst, admin, reviewer.',
    security: [{ bearer: [] }],
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
);

export const transparencyReport = (service: OversightService) =>
  defineOperation(route, async (c) => {
    const query = c.req.valid('query');
    const { from, to } = range(query);
    const rows = await service.statementsOfReasons(from, to);
    if (query.format === 'csv')
      return c.body(statementsToCsv(rows), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="haechi-transparency.csv"',
      });
    return c.json({ from, to, decisions: rows.map((r) => ({ ...r })) }, 200);
  });
