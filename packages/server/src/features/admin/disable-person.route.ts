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
    path: '/v1/admin/orgs/{id}/users/{userId}/disable',
    tags: ['admin'],
    summary: 'Disable a person: their sessions stop working at once',
    description: 'Roles: admin. An administrator cannot disable themself.',
    security: adminSecurity,
    request: {
      params: ZOrgId.extend({ userId: z.coerce.number().int().positive() }),
    },
    responses: {
      200: { description: 'disabled', content: { 'application/json': { schema: ZUser } } },
      ...errorResponses(400, 401, 403, 404),
    },
  },
);

export const disablePerson = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { id, userId } = c.req.valid('param');
    const principal = c.get('principal');
    if (principal.userId === userId)
      throw new AppError('invalid_input', 'you cannot disable yourself');
    const user = await access.disableUser(id, userId, {
      at: now().toISOString(),
      actor: principal.actor,
    });
    if (!user) throw new AppError('not_found', 'no such enabled person in this organisation');
    return c.json(publicUser(user), 200);
  });
