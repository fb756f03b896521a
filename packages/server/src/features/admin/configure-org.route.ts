import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { configurePlatform, setPlatformDomains } from '@haechi/access';
import { AppError, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity, requireOrgById } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZOrg, ZDomains, domainsOf, adminOrgView } from './orgs.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'put',
    path: '/v1/admin/orgs/{id}',
    tags: ['admin'],
    summary: "Change a platform's domains, bank subscriptions or policy (validated)",
    description: 'Roles: admin. Fields left out are not changed.',
    security: adminSecurity,
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
      200: {
        description: 'the organisation',
        content: { 'application/json': { schema: ZOrg } },
      },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
);

export const configureOrg = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
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
    return c.json(adminOrgView(updated, await domainsOf(access)), 200);
  });
