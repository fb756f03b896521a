import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { JURISDICTIONS, JURISDICTION_PROFILES } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { adminSecurity } from './admin.schema.js';
import { defineOperation } from '../../http/operation.js';

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'get',
    path: '/v1/admin/jurisdictions',
    tags: ['admin'],
    summary: 'The jurisdiction profiles: takedown deadline and screening rules of each',
    description:
      'Roles: admin. The profiles follow the law, so they change with a release, not at run time; a platform adjusts them through its policy.',
    security: adminSecurity,
    responses: {
      200: {
        description: 'profiles',
        content: {
          'application/json': {
            schema: z.object({
              jurisdictions: z.array(
                z.object({
                  code: z.enum(JURISDICTIONS),
                  name: z.string(),
                  takedownHours: z.number(),
                  rules: z.array(
                    z.object({
                      id: z.string(),
                      description: z.string(),
                      verdict: z.string(),
                      when: z.array(z.unknown()),
                    }),
                  ),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listJurisdictions = () =>
  defineOperation(route, (c) =>
    c.json(
      {
        jurisdictions: JURISDICTIONS.map((code) => {
          const p = JURISDICTION_PROFILES[code];
          return {
            code,
            name: p.name,
            takedownHours: p.takedownHours,
            rules: p.rules.map((r) => ({ ...r, when: [...r.when] })),
          };
        }),
      },
      200,
    ),
  );
