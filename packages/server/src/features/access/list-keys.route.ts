import { z } from '@hono/zod-openapi';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { publicKey, ZKey } from './keys.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/keys',
    tags: ['keys'],
    summary: "The platform's API keys (never their secrets)",
    description: 'Roles: platform.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'keys',
        content: { 'application/json': { schema: z.object({ keys: z.array(ZKey) }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

/** A platform's own keys; another platform's do not exist for it. */
export const listKeys = (access: AccessStore) =>
  defineOperation(route, async (c) =>
    c.json({ keys: (await access.listApiKeys(c.get('principal').orgId)).map(publicKey) }, 200),
  );
