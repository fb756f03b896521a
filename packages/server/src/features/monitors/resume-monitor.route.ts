import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import type { MonitorAdmin } from './monitor-admin.js';
import { ZMonitor, ZMonitorId } from './monitors.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/monitors/{id}/resume',
    tags: ['monitoring'],
    summary: 'Resume a paused monitor: it runs at once, then on its schedule',
    description: 'Roles: admin.',
    security: [{ bearer: [] }],
    request: { params: ZMonitorId },
    responses: {
      200: { description: 'the monitor', content: { 'application/json': { schema: ZMonitor } } },
      ...errorResponses(401, 403, 404, 409),
    },
  },
);

export const resumeMonitor = (monitors: MonitorAdmin) =>
  defineOperation(route, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await monitors.setActive(id, true, c.get('principal').actor), 200);
  });
