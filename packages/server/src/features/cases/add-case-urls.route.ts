import { z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { defineOperation } from '../../http/operation.js';
import { ZCaseStatus, viewerOf, actorOf } from './cases.schema.js';

const route = accessRoute(
  { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
  {
    method: 'post',
    path: '/v1/cases/{code}/urls',
    tags: ['cases'],
    summary: 'Add URLs where the content was seen',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ code: z.string().max(32) }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ urls: z.array(z.string().max(2048)).min(1).max(200) }).strict(),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'the case',
        content: {
          'application/json': {
            schema: ZCaseStatus.extend({ unknownHosts: z.array(z.string()) }),
          },
        },
      },
      ...errorResponses(400, 401, 404, 409),
    },
  },
);

export const addCaseUrls = (service: CaseService) =>
  defineOperation(route, async (c) => {
    const viewer = viewerOf(c);
    const theCase = await service.requireCase(c.req.valid('param').code, viewer);
    const added = await service.addUrls(theCase, c.req.valid('json').urls, actorOf(viewer));
    return c.json({ ...(await service.status(theCase)), unknownHosts: added.unknownHosts }, 200);
  });
