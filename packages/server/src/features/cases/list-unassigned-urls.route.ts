import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';

const ZUnassigned = z
  .object({ code: z.string(), url: z.string(), host: z.string(), addedAt: z.string() })
  .openapi('UnassignedCaseUrl');

const route = accessRoute(
  { callers: ['counsellor'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/case-urls/unassigned',
    tags: ['cases'],
    summary: 'Victims’ URLs that no notice covers (no platform registered the host)',
    description:
      'Counsellors: their center’s cases and the cases victims opened themselves, oldest first. These are theirs to follow up by hand until the host is registered.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'the queue',
        content: {
          'application/json': { schema: z.object({ urls: z.array(ZUnassigned) }) },
        },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listUnassignedUrls = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = c.var.principal;
    return c.json({ urls: await service.unassignedUrls(viewer) }, 200);
  });
