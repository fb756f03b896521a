import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorAdmin } from './monitor-admin.js';
import { defineOperation } from '../../http/operation.js';

const ZFinding = z
  .object({
    id: z.number().int(),
    monitorId: z.number().int(),
    url: z.string(),
    pageUrl: z.string().nullable(),
    publishedAt: z.string().nullable(),
    seenAt: z.string(),
    sha256: z.string(),
    verdict: z.string(),
    noticeId: z.number().int().nullable(),
    status: z.enum(['notice_sent', 'unassigned']),
  })
  .openapi('MonitorFinding');

const route = accessRoute(
  { callers: ['counsellor', 'admin'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/monitor-findings',
    tags: ['monitoring'],
    summary:
      'What monitors found: `unassigned` ones (no platform hosts them) are the counsellors’ queue',
    description: 'Roles: counsellor, admin.',
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        status: z.enum(['notice_sent', 'unassigned']).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
    },
    responses: {
      200: {
        description: 'findings, oldest first',
        content: { 'application/json': { schema: z.object({ findings: z.array(ZFinding) }) } },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const listMonitorFindings = (monitors: MonitorAdmin) =>
  defineOperation(route, async (c) => {
    const { status, limit } = c.req.valid('query');
    return c.json({ findings: await monitors.findings({ ...(status && { status }), limit }) }, 200);
  });
