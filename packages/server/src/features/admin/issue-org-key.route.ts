import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { issueApiKey } from '@haechi/access';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { ZOrgId, adminSecurity } from './admin.schema.js';
import { ZNewKey, publicKey } from '../access/keys.schema.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/admin/orgs/{id}/keys',
    tags: ['admin'],
    summary: 'Issue an API key to a platform (the secret is in this answer only)',
    description: 'Roles: admin.',
    security: adminSecurity,
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
  },
);

export const issueOrgKey = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const { key, record } = await issueApiKey(access, {
      orgId: c.req.valid('param').id,
      label: c.req.valid('json').label,
      createdBy: c.get('principal').actor,
      at: now().toISOString(),
    });
    return c.json({ key, record: publicKey(record) }, 201);
  });
