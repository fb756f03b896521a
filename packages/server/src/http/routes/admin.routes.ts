import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  cleanDomainNames,
  configurePlatform,
  createOrg,
  createUser,
  issueApiKey,
  setPlatformDomains,
} from '@haechi/access';
import {
  AppError,
  JURISDICTIONS,
  JURISDICTION_PROFILES,
  ORG_KINDS,
  ROLES,
  type AccessStore,
  type Org,
  type User,
} from '@haechi/core';
import type { AppEnv } from '../app-env.js';
import { requireRoles } from '../authorize.js';
import { errorResponses } from '../error-response.js';
import { ZKey, ZNewKey, publicKey } from './keys.routes.js';

const ZOrg = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ORG_KINDS),
    jurisdiction: z.enum(JURISDICTIONS),
    subscriptions: z.array(z.string()),
    policy: z.unknown(),
    domains: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('AdminOrg');
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
const ZDomains = z.array(z.string().min(1).max(253)).max(100);
const ZOrgId = z.object({ id: z.coerce.number().int().positive() });

const publicUser = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
});

/**
 * The operator's administration: organisations, their people and keys, platforms' domains, bank
 * subscriptions and policy. Every change goes through the same checks as `haechi admin` and is
 * audited with the administrator as its actor.
 */
export function adminRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];
  app.use('/v1/admin/*', requireRoles('admin'));

  const domainsOf = async (): Promise<Map<number, string[]>> => {
    const byOrg = new Map<number, string[]>();
    for (const { domain, orgId } of await access.listPlatformDomains())
      byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), domain]);
    return byOrg;
  };
  const view = (org: Org, domains: ReadonlyMap<number, string[]>) => ({
    id: org.id,
    name: org.name,
    kind: org.kind,
    jurisdiction: org.jurisdiction,
    subscriptions: [...org.subscriptions],
    policy: org.policy,
    domains: [...(domains.get(org.id) ?? [])].sort(),
    createdAt: org.createdAt,
  });
  const requireOrgById = async (id: number): Promise<Org> => {
    const org = await access.getOrg(id);
    if (!org) throw new AppError('org_not_found', `no organisation with id ${id}`);
    return org;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/orgs',
      tags: ['admin'],
      summary: 'Every organisation, with its domains, subscriptions and policy',
      description: 'Roles: admin.',
      security,
      responses: {
        200: {
          description: 'organisations',
          content: { 'application/json': { schema: z.object({ orgs: z.array(ZOrg) }) } },
        },
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const domains = await domainsOf();
      return c.json({ orgs: (await access.listOrgs()).map((o) => view(o, domains)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/orgs',
      tags: ['admin'],
      summary: 'Add an organisation (a platform may name the domains it hosts)',
      description: 'Roles: admin.',
      security,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  name: z.string().max(64),
                  kind: z.enum(ORG_KINDS),
                  jurisdiction: z.enum(JURISDICTIONS),
                  domains: ZDomains.optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        201: { description: 'added', content: { 'application/json': { schema: ZOrg } } },
        ...errorResponses(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const at = now().toISOString();
      const actor = c.get('principal').actor;
      if (body.domains?.length && body.kind !== 'platform')
        throw new AppError('invalid_input', 'domains: only a platform hosts content');
      if (body.domains) cleanDomainNames(body.domains); // refused before anything is created
      const org = await createOrg(access, { ...body, at, by: actor });
      if (body.domains?.length)
        await setPlatformDomains(access, org.id, body.domains, { at, actor });
      return c.json(view(org, await domainsOf()), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/orgs/{id}',
      tags: ['admin'],
      summary: "Change a platform's domains, bank subscriptions or policy (validated)",
      description: 'Roles: admin. Fields left out are not changed.',
      security,
      request: {
        params: ZOrgId,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  domains: ZDomains.optional(),
                  subscriptions: z
                    .array(z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,63})$/, 'a bank name or *'))
                    .max(100)
                    .optional(),
                  policy: z.unknown().optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: { description: 'the organisation', content: { 'application/json': { schema: ZOrg } } },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const org = await requireOrgById(c.req.valid('param').id);
      const body = c.req.valid('json');
      if (org.kind !== 'platform')
        throw new AppError('invalid_input', `"${org.name}" is a ${org.kind}, not a platform`);
      const meta = { at: now().toISOString(), actor: c.get('principal').actor };
      const changes = {
        ...(body.subscriptions === undefined ? {} : { subscriptions: body.subscriptions }),
        ...(body.policy === undefined ? {} : { policy: body.policy }),
      };
      // Validate everything before changing anything: a bad policy must not leave new domains.
      const updated =
        Object.keys(changes).length > 0
          ? await configurePlatform(access, org.id, changes, meta)
          : org;
      if (body.domains !== undefined) await setPlatformDomains(access, org.id, body.domains, meta);
      return c.json(view(updated, await domainsOf()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/orgs/{id}/users',
      tags: ['admin'],
      summary: "An organisation's people (never their password hashes)",
      description: 'Roles: admin.',
      security,
      request: { params: ZOrgId },
      responses: {
        200: {
          description: 'people',
          content: { 'application/json': { schema: z.object({ users: z.array(ZUser) }) } },
        },
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const org = await requireOrgById(c.req.valid('param').id);
      return c.json({ users: (await access.listUsers(org.id)).map(publicUser) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/orgs/{id}/users',
      tags: ['admin'],
      summary: 'Add a person with a role that fits the organisation',
      description: 'Roles: admin. The password must pass the strength check.',
      security,
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
    }),
    async (c) => {
      const org = await requireOrgById(c.req.valid('param').id);
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
    createRoute({
      method: 'post',
      path: '/v1/admin/orgs/{id}/users/{userId}/disable',
      tags: ['admin'],
      summary: 'Disable a person: their sessions stop working at once',
      description: 'Roles: admin. An administrator cannot disable themself.',
      security,
      request: {
        params: ZOrgId.extend({ userId: z.coerce.number().int().positive() }),
      },
      responses: {
        200: { description: 'disabled', content: { 'application/json': { schema: ZUser } } },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
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
    createRoute({
      method: 'get',
      path: '/v1/admin/orgs/{id}/keys',
      tags: ['admin'],
      summary: "A platform's API keys (never their secrets)",
      description: 'Roles: admin.',
      security,
      request: { params: ZOrgId },
      responses: {
        200: {
          description: 'keys',
          content: { 'application/json': { schema: z.object({ keys: z.array(ZKey) }) } },
        },
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const org = await requireOrgById(c.req.valid('param').id);
      return c.json({ keys: (await access.listApiKeys(org.id)).map(publicKey) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/orgs/{id}/keys',
      tags: ['admin'],
      summary: 'Issue an API key to a platform (the secret is in this answer only)',
      description: 'Roles: admin.',
      security,
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
    }),
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
    createRoute({
      method: 'delete',
      path: '/v1/admin/orgs/{id}/keys/{keyId}',
      tags: ['admin'],
      summary: "Revoke a platform's key: it stops working at once",
      description: 'Roles: admin.',
      security,
      request: { params: ZOrgId.extend({ keyId: z.coerce.number().int().positive() }) },
      responses: {
        200: { description: 'revoked', content: { 'application/json': { schema: ZKey } } },
        ...errorResponses(401, 403, 404),
      },
    }),
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

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/jurisdictions',
      tags: ['admin'],
      summary: 'The jurisdiction profiles: takedown deadline and screening rules of each',
      description:
        'Roles: admin. The profiles follow the law, so they change with a release, not at run time; a platform adjusts them through its policy.',
      security,
      responses: {
        200: {
          description: 'profiles',
          content: {
            'application/json': {
              schema: z.object({
                jurisdictions: z.array(
                  z.object({
                    code: z.enum(JURISDICTIONS),
                    name: z.string(),
                    takedownHours: z.number(),
                    rules: z.array(
                      z.object({
                        id: z.string(),
                        description: z.string(),
                        verdict: z.string(),
                        when: z.array(z.unknown()),
                      }),
                    ),
                  }),
                ),
              }),
            },
          },
        },
        ...errorResponses(401, 403),
      },
    }),
    (c) =>
      c.json(
        {
          jurisdictions: JURISDICTIONS.map((code) => {
            const p = JURISDICTION_PROFILES[code];
            return {
              code,
              name: p.name,
              takedownHours: p.takedownHours,
              rules: p.rules.map((r) => ({ ...r, when: [...r.when] })),
            };
          }),
        },
        200,
      ),
  );
  return app;
}
