import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AccessStore } from '@haechi/core';
import type { AppEnv } from '../app-env.js';
import { requireRoles } from '../authorize.js';
import { errorResponses } from '../error-response.js';
import { newWebhookSecret } from '../../services/webhooks/webhook-signature.js';

/** A platform sets (or rotates) the secret its webhooks are signed with; shown once. */
export function webhookSecretRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/webhook-secret', requireRoles('platform'));
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
