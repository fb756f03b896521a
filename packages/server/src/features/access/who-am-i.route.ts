import { z } from '@hono/zod-openapi';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';

const ZMe = z
  .object({
    kind: z.enum(['api_key', 'user']),
    orgId: z.number().int(),
    role: z.string(),
    actor: z.string(),
  })
  .openapi('Principal');

const route = accessRoute(
  { callers: SIGNED_IN, tenant: 'none' },
  {
    method: 'get',
    path: '/v1/me',
    tags: ['auth'],
    summary: 'The caller: organisation, role, and how it authenticated',
    description: 'Roles: any.',
    security: [{ bearer: [] }],
    responses: {
      200: { description: 'the caller', content: { 'application/json': { schema: ZMe } } },
      ...errorResponses(401, 403),
    },
  },
);

export const whoAmI = () =>
  defineOperation(route, (c) => {
    const { kind, orgId, role, actor } = c.get('principal');
    return c.json({ kind, orgId, role, actor }, 200);
  });
