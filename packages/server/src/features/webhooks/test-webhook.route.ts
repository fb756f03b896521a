import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { WebhookSender } from './webhook-sender.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/webhook/test',
    tags: ['webhooks'],
    summary: 'Send a signed test event to the webhook and say whether the receiver took it',
    description:
      'Roles: platform. `delivered` is true when the receiver answered 2xx within 10 s; its status code is not reported, so the route cannot probe other services.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'whether the receiver took the event',
        content: { 'application/json': { schema: z.object({ delivered: z.boolean() }) } },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const testWebhook = (webhooks: WebhookSender) =>
  defineOperation(route, async (c) => {
    return c.json(await webhooks.test(c.get('principal').orgId), 200);
  });
