import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { issueApiKey } from '@haechi/access';
import { AppError, type AccessStore, type ApiKey } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';

export const ZKey = z
  .object({
    id: z.number().int(),
    prefix: z.string(),
    label: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
export const ZNewKey = z
  .object({ key: z.string().openapi({ description: 'shown once: store it now' }), record: ZKey })
  .openapi('NewApiKey');

export const publicKey = (k: ApiKey) => ({
  id: k.id,
  prefix: k.prefix,
  label: k.label,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
});

/** A platform manages its own keys: list, issue, revoke. Another platform's keys do not exist for it. */
export function keyRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/keys',
        tags: ['keys'],
        summary: "The platform's API keys (never their secrets)",
        description: 'Roles: platform.',
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: 'keys',
            content: { 'application/json': { schema: z.object({ keys: z.array(ZKey) }) } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) =>
      c.json({ keys: (await access.listApiKeys(c.get('principal').orgId)).map(publicKey) }, 200),
  );
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'post',
        path: '/v1/keys',
        tags: ['keys'],
        summary: 'Issue a new API key (the secret is in this answer only)',
        description: 'Roles: platform.',
        security: [{ bearer: [] }],
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({ label: z.string().min(1).max(100) }).strict(),
              },
            },
          },
        },
        responses: {
          201: { description: 'issued', content: { 'application/json': { schema: ZNewKey } } },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
      const principal = c.get('principal');
      const { key, record } = await issueApiKey(access, {
        orgId: principal.orgId,
        label: c.req.valid('json').label,
        createdBy: principal.actor,
        at: now().toISOString(),
      });
      return c.json({ key, record: publicKey(record) }, 201);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'delete',
        path: '/v1/keys/{id}',
        tags: ['keys'],
        summary: 'Revoke a key: it stops working at once',
        description: 'Roles: platform.',
        security: [{ bearer: [] }],
        request: { params: z.object({ id: z.coerce.number().int().positive() }) },
        responses: {
          200: { description: 'revoked', content: { 'application/json': { schema: ZKey } } },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const principal = c.get('principal');
      const revoked = await access.revokeApiKey(
        principal.orgId,
        c.req.valid('param').id,
        now().toISOString(),
        principal.actor,
      );
      if (!revoked) throw new AppError('not_found', 'no such active key');
      return c.json(publicKey(revoked), 200);
    },
  );
  return app;
}
