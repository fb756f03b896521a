import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity } from './admin.schema.js';
import { ZKey, publicKey } from '../access/keys.schema.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
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
);

export const revokeOrgKey = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { id, keyId } = c.req.valid('param');
    const revoked = await access.revokeApiKey(
      id,
      keyId,
      now().toISOString(),
      c.get('principal').actor,
    );
    if (!revoked) throw new AppError('not_found', 'no such active key');
    return c.json(publicKey(revoked), 200);
  });
