import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { cleanDomainNames, configurePlatform, createOrg, setPlatformDomains } from '@haechi/access';
import {
  AppError,
  JURISDICTIONS,
  JURISDICTION_PROFILES,
  ORG_KINDS,
  type AccessStore,
  type Org,
} from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { adminApiKeyRoutes } from './admin-api-keys.routes.js';
import { adminPeopleRoutes } from './admin-people.routes.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';

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
const ZDomains = z.array(z.string().min(1).max(253)).max(100);

/**
 * The operator's administration: organisations, their people and keys, platforms' domains, bank
 * subscriptions and policy. Every change goes through the same checks as `haechi admin` and is
 * audited with the administrator as its actor.
 */
export function adminRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = adminSecurity;
  app.route('/', adminPeopleRoutes(access, now));
  app.route('/', adminApiKeyRoutes(access, now));

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

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
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
      },
    ),
    async (c) => {
      const domains = await domainsOf();
      return c.json({ orgs: (await access.listOrgs()).map((o) => view(o, domains)) }, 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
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
      },
    ),
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
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
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
                      .array(
                        z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,63})$/, 'a bank name or *'),
                      )
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
          200: {
            description: 'the organisation',
            content: { 'application/json': { schema: ZOrg } },
          },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    ),
    async (c) => {
      const org = await requireOrgById(access, c.req.valid('param').id);
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
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
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
      },
    ),
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
