import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { cleanDomainNames, createOrg, setPlatformDomains } from '@haechi/access';
import { AppError, JURISDICTIONS, ORG_KINDS, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { adminSecurity } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZOrg, ZDomains, domainsOf, adminOrgView } from './orgs.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/admin/orgs',
    tags: ['admin'],
    summary: 'Add an organisation (a platform may name the domains it hosts)',
    description: 'Roles: admin.',
    security: adminSecurity,
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
);

export const addOrg = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const body = c.req.valid('json');
    const at = now().toISOString();
    const actor = c.get('principal').actor;
    if (body.domains?.length && body.kind !== 'platform')
      throw new AppError('invalid_input', 'domains: only a platform hosts content');
    if (body.domains) cleanDomainNames(body.domains); // refused before anything is created
    const org = await createOrg(access, { ...body, at, by: actor });
    if (body.domains?.length) await setPlatformDomains(access, org.id, body.domains, { at, actor });
    return c.json(adminOrgView(org, await domainsOf(access)), 201);
  });
