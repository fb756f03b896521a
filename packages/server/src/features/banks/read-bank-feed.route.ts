import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { MAX_DELTA_PAGE, readDeltaFeed } from '@haechi/banks';
import { VICTIM_REPORTED_BANK, isVictimBank, publicBankName, type BankStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { SIGNAL_TYPES } from '@haechi/exchange';
import { defineOperation } from '../../http/operation.js';

const ZChange = z
  .object({
    seq: z.number().int(),
    op: z.enum(['add', 'withdraw']),
    bank: z.string(),
    signal_type: z.enum(SIGNAL_TYPES),
    signal: z.string(),
    labels: z.record(z.string(), z.string()),
    at: z.string(),
  })
  .openapi('DeltaChange');

const route = accessRoute(
  { callers: ['platform', 'admin', 'reviewer'], tenant: 'none' },
  {
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
              .object({
                changes: z.array(ZChange),
                cursor: z.number().int(),
                more: z.boolean(),
              })
              .openapi('DeltaPage'),
          },
        },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
);

export const readBankFeed = (banks: BankStore) =>
  defineOperation(route, async (c) => {
    const { since, limit, bank } = c.req.valid('query');
    // Victims' banks are read as one: the whole feed, keeping their changes (same cursor).
    const victims = bank === VICTIM_REPORTED_BANK;
    const page = await readDeltaFeed(banks, {
      since,
      limit,
      ...(bank === undefined || victims ? {} : { bank }),
    });
    return c.json(
      {
        changes: page.changes
          .filter((ch) => !victims || isVictimBank(ch.bank))
          .map((ch) => ({
            seq: ch.seq,
            op: ch.op,
            bank: publicBankName(ch.bank),
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
  });
