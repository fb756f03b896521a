import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { WebhookSender } from './webhook-sender.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/webhook-secret',
    tags: ['webhooks'],
    summary: 'Create or rotate the webhook signing secret (the old one stops at once)',
    description: 'Roles: platform. The secret is in this answer only.',
    security: [{ bearer: [] }],
    responses: {
      201: {
        description: 'the new secret',
        content: {
          'application/json': {
            schema: z.object({ secret: z.string() }).openapi('WebhookSecret'),
          },
        },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const rotateWebhookSecret = (webhooks: WebhookSender) =>
  defineOperation(route, async (c) => {
    const principal = c.get('principal');
    return c.json({ secret: await webhooks.rotateSecret(principal.orgId, principal.actor) }, 201);
  });
