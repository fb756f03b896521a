import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { ownOrg } from './own-org.js';
import { ZOwnOrg } from './org.schema.js';

const route = accessRoute(
  { callers: SIGNED_IN, tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/org',
    tags: ['auth'],
    summary: "The caller's organisation: jurisdiction, deadline, subscriptions, domains",
    description: 'Roles: any.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the organisation',
        content: { 'application/json': { schema: ZOwnOrg } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const readOwnOrg = (access: AccessStore) =>
  defineOperation(route, async (c) => c.json(await ownOrg(access, c.get('principal').orgId), 200));
