import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { EvidenceRecord } from '@haechi/core';
import { EVIDENCE_REASONS } from '@haechi/core';
import type { EvidenceSigningKey } from '@haechi/evidence';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { EvidenceService } from './evidence-service.js';
import type { EvidenceExporter } from './evidence-export.js';

const ZRecord = z
  .object({
    id: z.string(),
    subjectType: z.enum(['screening', 'notice']),
    subjectId: z.string(),
    reason: z.enum(EVIDENCE_REASONS),
    platformOrgId: z.number().int(),
    caseId: z.number().int().nullable(),
    facts: z.record(z.string(), z.unknown()),
    factsDigest: z.string(),
    hasMedia: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('EvidenceRecord');

const view = (r: EvidenceRecord) => ({
  id: r.id,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  reason: r.reason,
  platformOrgId: r.platformOrgId,
  caseId: r.caseId,
  facts: { ...r.facts },
  factsDigest: r.factsDigest,
  hasMedia: r.mediaId !== null,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

/** Investigators' evidence: fixed records and their signed bundles. */
export function evidenceRoutes(
  service: EvidenceService,
  exporter: EvidenceExporter,
  signingKey: EvidenceSigningKey,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];

  app.openapi(
    accessRoute(
      { callers: ['investigator', 'reviewer', 'admin'], tenant: 'none' },
      {
        method: 'get',
        path: '/v1/evidence-signing-key',
        tags: ['evidence'],
        summary: "The instance's public key that signs evidence bundles, to pin when verifying",
        description: 'Roles: investigator, reviewer, admin.',
        security,
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
    ),
    (c) =>
      c.json({ publicKeyPem: signingKey.publicKeyPem, fingerprint: signingKey.fingerprint }, 200),
  );
  app.openapi(
    accessRoute(
      { callers: ['investigator'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/evidence',
        tags: ['evidence'],
        summary: 'Evidence records, newest first',
        description: 'Roles: investigator.',
        security,
        request: {
          query: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(50),
            before: z.string().datetime().optional(),
          }),
        },
        responses: {
          200: {
            description: 'the records',
            content: { 'application/json': { schema: z.object({ records: z.array(ZRecord) }) } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
      const { limit, before } = c.req.valid('query');
      const records = await service.list({
        limit,
        ...(before === undefined ? {} : { before: new Date(before).toISOString() }),
      });
      return c.json({ records: records.map(view) }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['investigator'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/evidence/{id}',
        tags: ['evidence'],
        summary: 'One evidence record: the facts fixed when the item was confirmed',
        description: 'Roles: investigator.',
        security,
        request: { params: z.object({ id: z.string().min(1).max(100) }) },
        responses: {
          200: { description: 'the record', content: { 'application/json': { schema: ZRecord } } },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => c.json(view(await service.get(c.req.valid('param').id)), 200),
  );
  app.openapi(
    accessRoute(
      { callers: ['investigator'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/evidence/{id}/bundle',
        tags: ['evidence'],
        summary: 'A signed evidence bundle (zip): record, notices, audit entries, optionally media',
        description:
          'Roles: investigator. `media=true` includes the preserved bytes, decrypted. Every export is audited. Verify with `haechi evidence verify`.',
        security,
        request: {
          params: z.object({ id: z.string().min(1).max(100) }),
          query: z.object({ media: z.enum(['true', 'false']).default('false') }),
        },
        responses: {
          200: {
            description: 'the bundle',
            content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const { id } = c.req.valid('param');
      const { zip } = await exporter.export(id, {
        actor: c.get('principal').actor,
        withMedia: c.req.valid('query').media === 'true',
      });
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="haechi-evidence-${id.replace(/[^A-Za-z0-9_-]/g, '')}.zip"`,
        'cache-control': 'no-store',
      });
    },
  );
  return app;
}
