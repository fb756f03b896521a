import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { AppError, type AccessStore } from '@haechi/core';
import type { AppEnv } from '../app-env.js';
import { requireRoles } from '../authorize.js';
import { errorResponses } from '../error-response.js';
import { checkCallbackUrl } from '../../services/webhooks/callback-url.js';
import { postSigned } from '../../services/webhooks/post-signed.js';
import { newWebhookSecret } from '../../services/webhooks/webhook-signature.js';

/** A platform sets (or rotates) the secret its webhooks are signed with; shown once. */
export function webhookSecretRoutes(
  access: AccessStore,
  now: () => Date,
  allowPrivate: boolean,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/webhook-secret', requireRoles('platform'));
  app.use('/v1/webhook', requireRoles('platform'));
  app.use('/v1/webhook/test', requireRoles('platform'));
  const ZWebhook = z
    .object({ url: z.string().nullable(), hasSecret: z.boolean() })
    .openapi('Webhook');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook',
      tags: ['webhooks'],
      summary: 'Where notices are pushed, and whether a signing secret is set',
      description: 'Roles: platform.',
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'the settings', content: { 'application/json': { schema: ZWebhook } } },
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const { orgId } = c.get('principal');
      return c.json(
        {
          url: await access.getWebhookUrl(orgId),
          hasSecret: (await access.getWebhookSecret(orgId)) !== null,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/webhook',
      tags: ['webhooks'],
      summary:
        'Set (or clear, with null) the URL notices are pushed to, signed; the pull API works either way',
      description:
        'Roles: platform. Events: notice.sent, notice.reminder, notice.overdue, notice.acknowledged (upheld by the regulator), notice.removed (verified), notice.reopened, notice.withdrawn.',
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
    }),
    async (c) => {
      const principal = c.get('principal');
      const { url } = c.req.valid('json');
      if (url !== null) await checkCallbackUrl(url, allowPrivate);
      await access.setWebhookUrl(principal.orgId, url, {
        at: now().toISOString(),
        actor: principal.actor,
      });
      return c.json(
        { url, hasSecret: (await access.getWebhookSecret(principal.orgId)) !== null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook/test',
      tags: ['webhooks'],
      summary: 'Send a signed test event to the webhook and report what the receiver answered',
      description: 'Roles: platform.',
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'the receiver’s status (0: no answer within 10 s)',
          content: { 'application/json': { schema: z.object({ status: z.number().int() }) } },
        },
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { orgId } = c.get('principal');
      const url = await access.getWebhookUrl(orgId);
      if (url === null)
        throw new AppError('invalid_input', 'set a webhook URL first (PUT /v1/webhook)');
      const body = JSON.stringify({ type: 'webhook.test', at: now().toISOString() });
      return c.json(
        {
          status: await postSigned(url, body, (await access.getWebhookSecret(orgId)) ?? '', now()),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
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
    }),
    async (c) => {
      const secret = newWebhookSecret();
      const principal = c.get('principal');
      await access.setWebhookSecret(principal.orgId, secret, now().toISOString(), principal.actor);
      return c.json({ secret }, 201);
    },
  );
  return app;
}
