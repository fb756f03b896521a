import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { checkPublicUrl } from '../../services/outbound/outbound-fetch.js';
import type { WebhookSender } from './webhook-sender.js';
import { defineOperation } from '../../http/operation.js';
import { ZWebhook } from './webhooks.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'put',
    path: '/v1/webhook',
    tags: ['webhooks'],
    summary:
      'Set (or clear, with null) the URL notices are pushed to, signed; the pull API works either way',
    description:
      'Roles: platform. A URL must be a public http(s) address. Setting one creates a signing secret when there is none (returned once as `secret`): nothing is ever sent unsigned. Events: notice.sent, notice.reminder, notice.overdue, notice.acknowledged (upheld by the regulator), notice.removed (verified), notice.reopened, notice.withdrawn.',
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ url: z.string().max(2048).nullable() }).strict(),
          },
        },
      },
    },
    responses: {
      200: { description: 'saved', content: { 'application/json': { schema: ZWebhook } } },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const setWebhook = (
  access: AccessStore,
  webhooks: WebhookSender,
  now: () => Date,
  allowPrivate: boolean,
) =>
  defineOperation(route, async (c) => {
    const principal = c.get('principal');
    const { url } = c.req.valid('json');
    if (url !== null) await checkPublicUrl(url, { allowPrivate }, 'url');
    // A webhook always comes with a secret: the first URL gets one, shown in this answer only.
    const hadSecret = (await webhooks.secretOf(principal.orgId)) !== null;
    const secret =
      url !== null && !hadSecret
        ? await webhooks.rotateSecret(principal.orgId, principal.actor)
        : undefined;
    await access.setWebhookUrl(principal.orgId, url, {
      at: now().toISOString(),
      actor: principal.actor,
    });
    return c.json(
      { url, hasSecret: hadSecret || secret !== undefined, ...(secret ? { secret } : {}) },
      200,
    );
  });
