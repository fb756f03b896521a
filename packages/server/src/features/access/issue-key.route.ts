import { z } from '@hono/zod-openapi';
import { issueApiKey } from '@haechi/access';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { publicKey, ZNewKey } from './keys.schema.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/keys',
    tags: ['keys'],
    summary: 'Issue a new API key (the secret is in this answer only)',
    description: 'Roles: platform.',
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ label: z.string().min(1).max(100) }).strict() },
        },
      },
    },
    responses: {
      201: { description: 'issued', content: { 'application/json': { schema: ZNewKey } } },
      ...errorResponses(400, 401, 403),
    },
  },
);

export const issueKey = (access: AccessStore, now: () => Date) =>
  defineOperation(route, async (c) => {
    const principal = c.get('principal');
    const { key, record } = await issueApiKey(access, {
      orgId: principal.orgId,
      label: c.req.valid('json').label,
      createdBy: principal.actor,
      at: now().toISOString(),
    });
    return c.json({ key, record: publicKey(record) }, 201);
  });
