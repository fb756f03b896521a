import { z } from '@hono/zod-openapi';
import type { ScreeningStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';

const ZScreeningLine = z
  .object({
    id: z.string(),
    verdict: z.string(),
    status: z.string(),
    mediaKind: z.string(),
    contentId: z.string().nullable(),
    createdAt: z.string(),
    rules: z.array(z.string()).openapi({ description: 'the policy rules that fired' }),
  })
  .openapi('ScreeningLine');

/** Largest page of the screening log. */
const MAX_PAGE = 200;

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/screenings',
    tags: ['screening'],
    summary: "The platform's screening log: its uploads that were not allowed, newest first",
    description: 'Roles: platform. Page with `before` (the createdAt of the last line seen).',
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
        before: z.string().datetime().optional(),
      }),
    },
    responses: {
      200: {
        description: 'the log',
        content: {
          'application/json': { schema: z.object({ screenings: z.array(ZScreeningLine) }) },
        },
      },
      ...errorResponses(400, 401, 403),
    },
  },
);

/** Non-allow verdicts only: allowed uploads leave nothing behind. */
export const listScreenings = (screenings: ScreeningStore) =>
  defineOperation(route, async (c) => {
    const { limit, before } = c.req.valid('query');
    const records = await screenings.listScreenings(c.get('principal').orgId, {
      limit,
      ...(before ? { before: new Date(before).toISOString() } : {}),
    });
    return c.json(
      {
        screenings: records.map((r) => ({
          id: r.id,
          verdict: r.verdict,
          status: r.status,
          mediaKind: r.mediaKind,
          contentId: r.contentId,
          createdAt: r.createdAt,
          rules: (r.evidence.reasons ?? []).map((reason) => reason.rule),
        })),
      },
      200,
    );
  });
