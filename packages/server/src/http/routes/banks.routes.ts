import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { MAX_DELTA_PAGE, readDeltaFeed } from '@haechi/banks';
import type { BankStore } from '@haechi/core';
import type { AppEnv } from '../app-env.js';
import { requireRoles } from '../authorize.js';
import { errorResponses } from '../error-response.js';

const ZBank = z
  .object({
    name: z.string(),
    description: z.string(),
    activeEntries: z.number().int(),
    withdrawnEntries: z.number().int(),
  })
  .openapi('BankSummary');
const ZChange = z
  .object({
    seq: z.number().int(),
    op: z.enum(['add', 'withdraw']),
    bank: z.string(),
    signal_type: z.enum(['pdq', 'md5', 'sha256', 'vpdq']),
    signal: z.string(),
    labels: z.record(z.string(), z.string()),
    at: z.string(),
  })
  .openapi('DeltaChange');

/** Banks a platform can see, and the delta feed it mirrors them with. */
export function bankRoutes(banks: BankStore): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/banks', requireRoles('platform', 'admin', 'reviewer'));
  app.use('/v1/banks/*', requireRoles('platform', 'admin', 'reviewer'));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/banks',
      tags: ['banks'],
      summary: 'Banks with their entry counts',
      description: 'Roles: platform, admin, reviewer.',
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'banks',
          content: { 'application/json': { schema: z.object({ banks: z.array(ZBank) }) } },
        },
        ...errorResponses(401, 403),
      },
    }),
    async (c) =>
      c.json(
        {
          banks: (await banks.listBanks()).map((b) => ({
            name: b.name,
            description: b.description,
            activeEntries: b.activeEntries,
            withdrawnEntries: b.withdrawnEntries,
          })),
        },
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/banks/feed',
      tags: ['banks'],
      summary: 'The delta feed: adds and withdrawals after a cursor, keyed by signal',
      description: `Roles: platform, admin, reviewer. Pass the returned cursor as since; read again at once while more is true. At most ${MAX_DELTA_PAGE} changes a page.`,
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          since: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(MAX_DELTA_PAGE).default(1000),
          bank: z.string().max(64).optional(),
        }),
      },
      responses: {
        200: {
          description: 'a page of changes',
          content: {
            'application/json': {
              schema: z
                .object({ changes: z.array(ZChange), cursor: z.number().int(), more: z.boolean() })
                .openapi('DeltaPage'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { since, limit, bank } = c.req.valid('query');
      const page = await readDeltaFeed(banks, {
        since,
        limit,
        ...(bank === undefined ? {} : { bank }),
      });
      return c.json(
        {
          changes: page.changes.map((ch) => ({
            seq: ch.seq,
            op: ch.op,
            bank: ch.bank,
            signal_type: ch.signalType,
            signal: ch.signal,
            labels: { ...ch.labels },
            at: ch.at,
          })),
          cursor: page.cursor,
          more: page.more,
        },
        200,
      );
    },
  );
  return app;
}
