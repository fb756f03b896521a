import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorAdmin } from './monitor-admin.js';
import { ZHttpUrl } from './monitors.schema.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/monitor-events',
    tags: ['monitoring'],
    summary: 'A platform reports a new public upload, for its webhook monitor to screen',
    description:
      'Roles: platform. The upload is fetched from its URL and screened by the next run (scheduled at once).',
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({ url: ZHttpUrl, publishedAt: z.string().datetime().optional() })
              .strict(),
          },
        },
      },
    },
    responses: {
      202: {
        description: 'queued',
        content: { 'application/json': { schema: z.object({ eventId: z.number().int() }) } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
);

export const reportUpload = (monitors: MonitorAdmin) =>
  defineOperation(route, async (c) => {
    const { url, publishedAt } = c.req.valid('json');
    const event = await monitors.reportUpload(
      c.get('principal').orgId,
      url,
      publishedAt ? new Date(publishedAt).toISOString() : null,
    );
    return c.json({ eventId: event.id }, 202);
  });
