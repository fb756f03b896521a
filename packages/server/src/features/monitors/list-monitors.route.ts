import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorAdmin } from './monitor-admin.js';
import { defineOperation } from '../../http/operation.js';
import { ZMonitor } from './monitors.schema.js';

const route = accessRoute(
  { callers: ['admin', 'analyst'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/monitors',
    tags: ['monitoring'],
    summary: 'Every monitor with its last run, totals, detections and time to detection',
    description: 'Roles: admin, analyst.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'monitors',
        content: { 'application/json': { schema: z.object({ monitors: z.array(ZMonitor) }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listMonitors = (monitors: MonitorAdmin) =>
  defineOperation(route, async (c) => c.json({ monitors: await monitors.list() }, 200));
