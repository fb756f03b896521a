import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { createUser } from '@haechi/access';
import { AppError, ROLES, type AccessStore, type User } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';

const ZUser = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('AdminUser');

const publicUser = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
});

/** The administrator's view of an organisation's people: list, add with a fitting role, disable. */
export function adminPeopleRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      const org = await requireOrgById(access, c.req.valid('param').id);
      return c.json({ users: (await access.listUsers(org.id)).map(publicUser) }, 200);
    },
  );

  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      const org = await requireOrgById(access, c.req.valid('param').id);
      const user = await createUser(access, {
        ...c.req.valid('json'),
        org: org.name,
        at: now().toISOString(),
        by: c.get('principal').actor,
      });
      return c.json(publicUser(user), 201);
    },
  );

  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
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
    },
  );

  app.openapi(
    accessRoute(
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
    ),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      const user = await access.enableUser(id, userId, {
        at: now().toISOString(),
        actor: c.get('principal').actor,
      });
      if (!user) throw new AppError('not_found', 'no such disabled person in this organisation');
      return c.json(publicUser(user), 200);
    },
  );
  return app;
}
