import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { issueApiKey } from '@haechi/access';
import { AppError, type AccessStore } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';
import { ZKey, ZNewKey, publicKey } from '../access/keys.schema.js';

/** The administrator's view of a platform's API keys: list, issue (secret shown once), revoke. */
export function adminApiKeyRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/admin/orgs/{id}/keys',
        tags: ['admin'],
        summary: "A platform's API keys (never their secrets)",
        description: 'Roles: admin.',
        security: adminSecurity,
        request: { params: ZOrgId },
        responses: {
          200: {
            description: 'keys',
            content: { 'application/json': { schema: z.object({ keys: z.array(ZKey) }) } },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const org = await requireOrgById(access, c.req.valid('param').id);
      return c.json({ keys: (await access.listApiKeys(org.id)).map(publicKey) }, 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
        method: 'post',
        path: '/v1/admin/orgs/{id}/keys',
        tags: ['admin'],
        summary: 'Issue an API key to a platform (the secret is in this answer only)',
        description: 'Roles: admin.',
        security: adminSecurity,
        request: {
          params: ZOrgId,
          body: {
            required: true,
            content: {
              'application/json': { schema: z.object({ label: z.string().max(100) }).strict() },
            },
          },
        },
        responses: {
          201: { description: 'issued', content: { 'application/json': { schema: ZNewKey } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    ),
    async (c) => {
      const { key, record } = await issueApiKey(access, {
        orgId: c.req.valid('param').id,
        label: c.req.valid('json').label,
        createdBy: c.get('principal').actor,
        at: now().toISOString(),
      });
      return c.json({ key, record: publicKey(record) }, 201);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
        method: 'delete',
        path: '/v1/admin/orgs/{id}/keys/{keyId}',
        tags: ['admin'],
        summary: "Revoke a platform's key: it stops working at once",
        description: 'Roles: admin.',
        security: adminSecurity,
        request: { params: ZOrgId.extend({ keyId: z.coerce.number().int().positive() }) },
        responses: {
          200: { description: 'revoked', content: { 'application/json': { schema: ZKey } } },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const { id, keyId } = c.req.valid('param');
      const revoked = await access.revokeApiKey(
        id,
        keyId,
        now().toISOString(),
        c.get('principal').actor,
      );
      if (!revoked) throw new AppError('not_found', 'no such active key');
      return c.json(publicKey(revoked), 200);
    },
  );
  return app;
}
