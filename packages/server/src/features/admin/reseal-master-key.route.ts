import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { SEALED_FIELDS, type AuditStore, type SealedValueStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { resealAll } from '../../services/sealing/reseal.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { defineOperation } from '../../http/operation.js';

const ZResealReport = z
  .object({
    keyId: z.string().openapi({ description: 'the current master key’s id (8 hex digits)' }),
    resealed: z.object(Object.fromEntries(SEALED_FIELDS.map((f) => [f, z.number().int()]))),
    alreadyCurrent: z.number().int(),
    unreadable: z.record(z.string(), z.number().int()).openapi({
      description:
        'values sealed with keys this server does not hold, by key id: keep those keys configured',
    }),
  })
  .openapi('ResealReport');

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/admin/master-key/reseal',
    tags: ['admin'],
    summary: 'Re-seal every sealed value under the current master key',
    description:
      'Roles: admin. After a rotation (the new key in HAECHI_MASTER_KEY, the old one in HAECHI_PREVIOUS_MASTER_KEYS), this rewrites contacts, face vectors, notes and media keys under the new key, so the old one can be retired once `unreadable` is empty. Safe to repeat and to run while serving.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'what was re-sealed',
        content: { 'application/json': { schema: ZResealReport } },
      },
      ...errorResponses(401, 403, 503),
    },
  },
);

export const resealMasterKey = (deps: {
  sealed: SealedValueStore;
  audit: AuditStore;
  sealer: Sealer;
  now: () => Date;
}) =>
  defineOperation(route, async (c) => {
    const report = await resealAll(
      { sealed: deps.sealed, audit: deps.audit, sealer: deps.sealer },
      { at: deps.now().toISOString(), actor: c.get('principal').actor },
    );
    return c.json(report, 200);
  });
