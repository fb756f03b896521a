import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZUser, publicUser } from './people.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/admin/orgs/{id}/users/{userId}/enable',
    tags: ['admin'],
    summary: 'Enable a disabled person again; they sign in anew (old sessions stay ended)',
    description: 'Roles: admin.',
    security: adminSecurity,
    request: {
      params: ZOrgId.extend({ userId: z.coerce.number().int().positive() }),
    },
    responses: {
      200: { description: 'enabled', content: { 'application/json': { schema: ZUser } } },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const enablePerson = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { id, userId } = c.req.valid('param');
    const user = await access.enableUser(id, userId, {
      at: now().toISOString(),
      actor: c.get('principal').actor,
    });
    if (!user) throw new AppError('not_found', 'no such disabled person in this organisation');
    return c.json(publicUser(user), 200);
  });
