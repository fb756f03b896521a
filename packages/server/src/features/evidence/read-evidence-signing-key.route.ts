import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { EvidenceSigningKey } from '@haechi/evidence';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['investigator', 'reviewer', 'admin'], tenant: 'none' },
  {
    method: 'get',
    path: '/v1/evidence-signing-key',
    tags: ['evidence'],
    summary: "The instance's public key that signs evidence bundles, to pin when verifying",
    description: 'Roles: investigator, reviewer, admin.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the Ed25519 public key (PEM) and its SHA-256 fingerprint',
        content: {
          'application/json': {
            schema: z.object({ publicKeyPem: z.string(), fingerprint: z.string() }),
          },
        },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const readEvidenceSigningKey = (signingKey: EvidenceSigningKey) =>
  defineOperation(route, (c) =>
    c.json({ publicKeyPem: signingKey.publicKeyPem, fingerprint: signingKey.fingerprint }, 200),
  );
