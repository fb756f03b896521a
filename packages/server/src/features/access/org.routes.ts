import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { configurePlatform } from '@haechi/access';
import {
  AppError,
  JURISDICTION_PROFILES,
  publicBankName,
  type AccessStore,
  type BankStore,
  type ScreeningStore,
} from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';

const ZOwnOrg = z
  .object({
    name: z.string(),
    kind: z.string(),
    jurisdiction: z.string(),
    takedownHours: z.number(),
    subscriptions: z.array(z.string()),
    requiredBanks: z.array(z.string()).openapi({
      description: 'banks the jurisdiction requires: always screened against, whatever it picks',
    }),
    domains: z.array(z.string()),
  })
  .openapi('OwnOrg');

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

/**
 * What a signed-in organisation sees of itself, and a platform's own settings: its screening log
 * (non-allow verdicts only: allowed uploads leave nothing) and which banks screen its uploads.
 */
export function orgRoutes(
  access: AccessStore,
  banks: BankStore,
  screenings: ScreeningStore,
  now: () => Date,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];

  const ownOrg = async (orgId: number) => {
    const org = await access.getOrg(orgId);
    if (!org) throw new AppError('org_not_found', 'your organisation no longer exists');
    const domains = (await access.listPlatformDomains())
      .filter((d) => d.orgId === org.id)
      .map((d) => d.domain)
      .sort();
    return {
      name: org.name,
      kind: org.kind,
      jurisdiction: org.jurisdiction,
      takedownHours: JURISDICTION_PROFILES[org.jurisdiction].takedownHours,
      subscriptions: [...org.subscriptions],
      requiredBanks: [...JURISDICTION_PROFILES[org.jurisdiction].requiredBanks],
      domains,
    };
  };

  app.openapi(
    accessRoute(
      { callers: SIGNED_IN, tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/org',
        tags: ['auth'],
        summary: "The caller's organisation: jurisdiction, deadline, subscriptions, domains",
        description: 'Roles: any.',
        security,
        responses: {
          200: {
            description: 'the organisation',
            content: { 'application/json': { schema: ZOwnOrg } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => c.json(await ownOrg(c.get('principal').orgId), 200),
  );

  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'put',
        path: '/v1/org/subscriptions',
        tags: ['banks'],
        summary: "Choose the banks whose entries screen the platform's uploads",
        description:
          'Roles: platform. Each name must be an existing bank, or `*` for every bank (the default).',
        security,
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({ subscriptions: z.array(z.string().max(64)).min(1).max(100) })
                  .strict(),
              },
            },
          },
        },
        responses: {
          200: {
            description: 'the organisation',
            content: { 'application/json': { schema: ZOwnOrg } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
      const principal = c.get('principal');
      const wanted = [...new Set(c.req.valid('json').subscriptions)];
      const known = new Set((await banks.listBanks()).map((b) => publicBankName(b.name)));
      const org = await access.getOrg(principal.orgId);
      for (const required of org ? JURISDICTION_PROFILES[org.jurisdiction].requiredBanks : [])
        known.add(required);
      const unknown = wanted.find((name) => name !== '*' && !known.has(name));
      if (unknown !== undefined)
        throw new AppError(
          'invalid_input',
          `subscriptions: no bank named ${JSON.stringify(unknown)}`,
        );
      await configurePlatform(
        access,
        principal.orgId,
        { subscriptions: wanted.includes('*') ? ['*'] : wanted },
        { at: now().toISOString(), actor: principal.actor },
      );
      return c.json(await ownOrg(principal.orgId), 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/screenings',
        tags: ['screening'],
        summary: "The platform's screening log: its uploads that were not allowed, newest first",
        description: 'Roles: platform. Page with `before` (the createdAt of the last line seen).',
        security,
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
    ),
    async (c) => {
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
    },
  );
  return app;
}
