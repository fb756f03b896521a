import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { WebhookSender } from './webhook-sender.js';
import { defineOperation } from '../../http/operation.js';
import { ZWebhook } from './webhooks.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/webhook',
    tags: ['webhooks'],
    summary: 'Where notices are pushed, and whether a signing secret is set',
    description: 'Roles: platform.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the settings',
        content: { 'application/json': { schema: ZWebhook } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const readWebhook = (access: AccessStore, webhooks: WebhookSender) =>
  defineOperation(route, async (c) => {
    const { orgId } = c.get('principal');
    return c.json(
      {
        url: await access.getWebhookUrl(orgId),
        hasSecret: (await webhooks.secretOf(orgId)) !== null,
      },
      200,
    );
  });
