import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';
import { ZKey, publicKey } from '../access/keys.schema.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
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
);

export const listOrgKeys = (access: AccessStore) =>
  defineOperation(route, async (c) => {
    const org = await requireOrgById(access, c.req.valid('param').id);
    return c.json({ keys: (await access.listApiKeys(org.id)).map(publicKey) }, 200);
  });
