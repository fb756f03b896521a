import { z } from '@hono/zod-openapi';
import { AppError, type AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { publicKey, ZKey } from './keys.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    tags: ['keys'],
    summary: 'Revoke a key: it stops working at once',
    description: 'Roles: platform.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    responses: {
      200: { description: 'revoked', content: { 'application/json': { schema: ZKey } } },
      ...errorResponses(401, 403, 404),
    },
  },
);

/** Only the caller's own keys: another platform's key is answered as if it did not exist. */
export const revokeKey = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const principal = c.get('principal');
    const revoked = await access.revokeApiKey(
      principal.orgId,
      c.req.valid('param').id,
      now().toISOString(),
      principal.actor,
    );
    if (!revoked) throw new AppError('not_found', 'no such active key');
    return c.json(publicKey(revoked), 200);
  });
