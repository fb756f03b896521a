import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { EvidenceExporter } from './evidence-export.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['investigator'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/evidence/{id}/bundle',
    tags: ['evidence'],
    summary: 'A signed evidence bundle (zip): record, notices, audit entries, optionally media',
    description:
      'Roles: investigator. `media=true` includes the preserved bytes, decrypted. Every export is audited. Verify with `haechi evidence verify`.',
    security: [{ bearer: [] }],
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
);

export const exportEvidenceBundle = (exporter: EvidenceExporter) =>
  defineOperation(route, async (c) => {
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
  });
