import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { checkPublicUrl } from '../../services/outbound/outbound-fetch.js';
import type { WebhookSender } from './webhook-sender.js';

/** A platform sets (or rotates) the secret its webhooks are signed with; shown once. */
export function webhookSecretRoutes(
  access: AccessStore,
  webhooks: WebhookSender,
  now: () => Date,
  allowPrivate: boolean,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const ZWebhook = z
    .object({
      url: z.string().nullable(),
      hasSecret: z.boolean(),
      secret: z.string().optional().openapi({
        description:
          'The signing secret, created with the first URL when there was none: shown this once',
      }),
    })
    .openapi('Webhook');
  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      const { orgId } = c.get('principal');
      return c.json(
        {
          url: await access.getWebhookUrl(orgId),
          hasSecret: (await webhooks.secretOf(orgId)) !== null,
        },
        200,
      );
    },
  );
  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
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
    },
  );
  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      return c.json(await webhooks.test(c.get('principal').orgId), 200);
    },
  );
  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      const principal = c.get('principal');
      return c.json({ secret: await webhooks.rotateSecret(principal.orgId, principal.actor) }, 201);
    },
  );
  return app;
}
