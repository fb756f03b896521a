import { z } from '@hono/zod-openapi';
import type { AccessStore, BankStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { chooseSubscriptions } from './own-org.js';
import { ZOwnOrg } from './org.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'put',
    path: '/v1/org/subscriptions',
    tags: ['banks'],
    summary: "Choose the banks whose entries screen the platform's uploads",
    description:
      'Roles: platform. Each name must be an existing bank, or `*` for every bank (the default).',
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({ subscriptions: z.array(z.string().max(64)).min(1).max(100) })
              .strict(),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'the organisation',
        content: { 'application/json': { schema: ZOwnOrg } },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const chooseSubscriptionsOperation = (deps: {
  access: AccessStore;
  banks: BankStore;
  now: () => Date;
}) =>
  defineOperation(route, async (c) =>
    c.json(
      await chooseSubscriptions(
        deps,
        c.get('principal'),
        c.req.valid('json').subscriptions,
        deps.now().toISOString(),
      ),
      200,
    ),
  );
