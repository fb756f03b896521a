import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { createUser } from '@haechi/access';
import { ROLES, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZUser, publicUser } from './people.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/admin/orgs/{id}/users',
    tags: ['admin'],
    summary: 'Add a person with a role that fits the organisation',
    description: 'Roles: admin. The password must pass the strength check.',
    security: adminSecurity,
    request: {
      params: ZOrgId,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                email: z.string().max(320),
                displayName: z.string().min(1).max(100),
                role: z.enum(ROLES),
                password: z.string().max(1024),
              })
              .strict(),
          },
        },
      },
    },
    responses: {
      201: { description: 'added', content: { 'application/json': { schema: ZUser } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
);

export const addPerson = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const org = await requireOrgById(access, c.req.valid('param').id);
    const user = await createUser(access, {
      ...c.req.valid('json'),
      org: org.name,
      at: now().toISOString(),
      by: c.get('principal').actor,
    });
    return c.json(publicUser(user), 201);
  });
