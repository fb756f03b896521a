import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZUser, publicUser } from './people.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/admin/orgs/{id}/users',
    tags: ['admin'],
    summary: "An organisation's people (never their password hashes)",
    description: 'Roles: admin.',
    security: adminSecurity,
    request: { params: ZOrgId },
    responses: {
      200: {
        description: 'people',
        content: { 'application/json': { schema: z.object({ users: z.array(ZUser) }) } },
      },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const listPeople = (access: AccessStore) =>
  defineOperation(route, async (c) => {
    const org = await requireOrgById(access, c.req.valid('param').id);
    return c.json({ users: (await access.listUsers(org.id)).map(publicUser) }, 200);
  });
