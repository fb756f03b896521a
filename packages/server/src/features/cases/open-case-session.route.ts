import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { clientAddress } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { issueVictimToken } from './victim-token.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['anyone'], tenant: 'none' },
  {
    method: 'post',
    path: '/v1/case-sessions',
    tags: ['cases'],
    summary: 'A victim signs in to her case with its code and her passphrase',
    description: `Failed attempts are limited per case code and per client, and logged. The token (hv_…) lasts 2 hours.`,
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({ code: z.string().max(32), passphrase: z.string().max(256) })
              .strict(),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'signed in',
        content: {
          'application/json': {
            schema: z.object({ token: z.string(), expiresAt: z.string() }),
          },
        },
      },
      ...errorResponses(400, 401, 409, 429),
    },
  },
);

export const openCaseSession = (
  service: CaseService,
  sealer: Sealer,
  now: () => Date,
  trustProxy: boolean,
) =>
  defineOperation(route, async (c) => {
    const { code, passphrase } = c.req.valid('json');
    const client = clientAddress(c, trustProxy);
    const found = await service.authenticateVictim(code, passphrase, client);
    return c.json(issueVictimToken(sealer, found.id, now()), 200);
  });
