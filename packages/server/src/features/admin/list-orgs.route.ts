import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { adminSecurity } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';
import { ZOrg, domainsOf, adminOrgView } from './orgs.schema.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/admin/orgs',
    tags: ['admin'],
    summary: 'Every organisation, with its domains, subscriptions and policy',
    description: 'Roles: admin.',
    security: adminSecurity,
    responses: {
      200: {
        description: 'organisations',
        content: { 'application/json': { schema: z.object({ orgs: z.array(ZOrg) }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listOrgs = (access: AccessStore) =>
  defineOperation(route, async (c) => {
    const domains = await domainsOf(access);
    return c.json({ orgs: (await access.listOrgs()).map((o) => adminOrgView(o, domains)) }, 200);
  });
