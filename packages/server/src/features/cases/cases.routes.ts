import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { AppError, type Principal } from '@haechi/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/app-env.js';
import { clientAddress } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/error-response.js';
import { MAX_NOTE_CHARS, type CaseService } from './case-service.js';
import { issueVictimToken } from './victim-token.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { HEX_SIGNAL_TYPES } from '@haechi/exchange';

const ZHash = z
  .object({ signalType: z.enum(HEX_SIGNAL_TYPES), signal: z.string().max(64) })
  .strict();
const ZOpenCase = z
  .object({
    passphrase: z.string().max(256).optional().openapi({
      description:
        'the victim’s own case: at least 12 characters; not needed when a counsellor opens it',
    }),
    hashes: z
      .array(ZHash)
      .max(1000)
      .default([])
      .openapi({ description: 'hashes computed on her device, never the images' }),
    urls: z.array(z.string().max(2048)).max(200).default([]),
    faceEmbedding: z.array(z.number()).max(2048).optional(),
    faceEmbeddings: z
      .array(z.array(z.number()).max(2048))
      .max(10)
      .optional()
      .openapi({ description: 'one embedding per photo she enrolled, computed on her device' }),
    contact: z
      .record(z.string().max(64), z.string().max(500))
      .optional()
      .openapi({ description: 'how to reach her (sealed at rest)' }),
  })
  .strict()
  .openapi('OpenCaseRequest');
const ZNotice = z
  .object({
    id: z.number().int(),
    url: z.string(),
    state: z.string(),
    sentAt: z.string(),
    deadlineAt: z.string(),
    removedAt: z.string().nullable(),
    closedBecause: z
      .enum(['rejected_by_regulator', 'request_withdrawn', 'withdrawn'])
      .nullable()
      .openapi({ description: 'why a withdrawn notice ended; null while it runs or once removed' }),
  })
  .openapi('CaseNotice');
const ZCaseStatus = z
  .object({
    code: z.string(),
    status: z.enum(['open', 'withdrawn']),
    openedAt: z.string(),
    hashes: z.number().int(),
    urls: z.array(z.object({ url: z.string(), addedAt: z.string() })),
    notices: z.array(ZNotice),
  })
  .openapi('CaseStatus');

/** The viewer of a case route: a victim signed in to her case, or staff. */
function viewerOf(c: Context<AppEnv>): { caseId: number } | Principal {
  const caseId = c.var.victimCaseId;
  if (caseId !== undefined) return { caseId };
  const principal = c.var.principal as Principal | undefined;
  if (!principal)
    throw new AppError('unauthenticated', 'a case session or a staff login is required');
  return principal;
}

const actorOf = (viewer: { caseId: number } | Principal): string =>
  'caseId' in viewer ? 'victim' : viewer.actor;

export function caseRoutes(
  service: CaseService,
  sealer: Sealer,
  now: () => Date,
  trustProxy: boolean,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];

  app.openapi(
    accessRoute(
      { callers: ['anyone', 'victim', 'counsellor'], tenant: 'case' },
      {
        method: 'post',
        path: '/v1/cases',
        tags: ['cases'],
        summary: 'Open a case: her images’ hashes and the URLs where she saw them',
        description:
          'No account: a victim opens her own case with a passphrase; a counsellor (role counsellor) opens one for her. Each URL on a registered platform becomes a notice with the jurisdiction’s deadline.',
        request: {
          body: { required: true, content: { 'application/json': { schema: ZOpenCase } } },
        },
        responses: {
          201: {
            description: 'opened: keep the code',
            content: {
              'application/json': {
                schema: z.object({
                  code: z.string(),
                  token: z.string().optional(),
                  status: ZCaseStatus,
                  unknownHosts: z.array(z.string()),
                }),
              },
            },
          },
          ...errorResponses(400, 401, 403, 429),
        },
      },
    ),
    async (c) => {
      const body = c.req.valid('json');
      const by = (c.var.principal as Principal | undefined) ?? 'victim';
      const opened = await service.open({
        by,
        client: clientAddress(c, trustProxy),
        ...(body.passphrase === undefined ? {} : { passphrase: body.passphrase }),
        hashes: body.hashes,
        urls: body.urls,
        ...(body.faceEmbedding ? { faceEmbedding: body.faceEmbedding } : {}),
        ...(body.faceEmbeddings ? { faceEmbeddings: body.faceEmbeddings } : {}),
        ...(body.contact ? { contact: body.contact } : {}),
      });
      const session = by === 'victim' ? issueVictimToken(sealer, opened.case.id, now()) : undefined;
      return c.json(
        {
          code: opened.case.code,
          ...(session ? { token: session.token } : {}),
          status: await service.status(opened.case),
          unknownHosts: opened.unknownHosts,
        },
        201,
      );
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['anyone'], tenant: 'none' },
      {
        method: 'post',
        path: '/v1/case-sessions',
        tags: ['cases'],
        summary: 'A victim signs in to her case with its code and her passphrase',
        description: `Failed attempts are limited per case code and per client, and logged. The token (hv_…) lasts 2 hours.`,
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({ code: z.string().max(32), passphrase: z.string().max(256) })
                  .strict(),
              },
            },
          },
        },
        responses: {
          200: {
            description: 'signed in',
            content: {
              'application/json': {
                schema: z.object({ token: z.string(), expiresAt: z.string() }),
              },
            },
          },
          ...errorResponses(400, 401, 409, 429),
        },
      },
    ),
    async (c) => {
      const { code, passphrase } = c.req.valid('json');
      const client = clientAddress(c, trustProxy);
      const found = await service.authenticateVictim(code, passphrase, client);
      return c.json(issueVictimToken(sealer, found.id, now()), 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/cases',
        tags: ['cases'],
        summary:
          "A counsellor's caseload: her center's cases, newest first, with their notices' progress",
        description: 'Roles: counsellor.',
        security,
        responses: {
          200: {
            description: 'the cases',
            content: {
              'application/json': {
                schema: z.object({
                  cases: z.array(
                    z.object({
                      code: z.string(),
                      status: z.enum(['open', 'withdrawn']),
                      openedAt: z.string(),
                      notices: z.number().int(),
                      removed: z.number().int(),
                      overdue: z.number().int(),
                      nextDeadline: z.string().nullable(),
                    }),
                  ),
                }),
              },
            },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => {
      return c.json({ cases: await service.listForCenter(c.var.principal) }, 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
      {
        method: 'get',
        path: '/v1/cases/{code}',
        tags: ['cases'],
        summary: 'A case’s status: its URLs and every notice with its deadline and state',
        description: 'The victim (her case session) or a counsellor of the case’s center.',
        security,
        request: { params: z.object({ code: z.string().max(32) }) },
        responses: {
          200: {
            description: 'the case',
            content: { 'application/json': { schema: ZCaseStatus } },
          },
          ...errorResponses(401, 404),
        },
      },
    ),
    async (c) =>
      c.json(
        await service.status(await service.requireCase(c.req.valid('param').code, viewerOf(c))),
        200,
      ),
  );

  app.openapi(
    accessRoute(
      { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
      {
        method: 'post',
        path: '/v1/cases/{code}/urls',
        tags: ['cases'],
        summary: 'Add URLs where the content was seen',
        security,
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
    ),
    async (c) => {
      const viewer = viewerOf(c);
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      const added = await service.addUrls(theCase, c.req.valid('json').urls, actorOf(viewer));
      return c.json({ ...(await service.status(theCase)), unknownHosts: added.unknownHosts }, 200);
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['victim', ...SIGNED_IN], tenant: 'case' },
      {
        method: 'post',
        path: '/v1/cases/{code}/withdraw',
        tags: ['cases'],
        summary: 'Withdraw the case: its hashes stop matching and its open notices are withdrawn',
        security,
        request: { params: z.object({ code: z.string().max(32) }) },
        responses: {
          200: {
            description: 'withdrawn',
            content: { 'application/json': { schema: ZCaseStatus } },
          },
          ...errorResponses(401, 404, 409),
        },
      },
    ),
    async (c) => {
      const viewer = viewerOf(c);
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      return c.json(await service.status(await service.withdraw(theCase, actorOf(viewer))), 200);
    },
  );
  const ZTimelineEvent = z
    .object({
      at: z.string(),
      action: z.string(),
      noticeId: z.number().int().nullable(),
      by: z.string().openapi({ description: 'victim, system, or the role of who acted' }),
      transition: z.object({ event: z.string(), from: z.string(), to: z.string() }).nullable(),
    })
    .openapi('CaseTimelineEvent');
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'case' },
      {
        method: 'get',
        path: '/v1/cases/{code}/timeline',
        tags: ['cases'],
        summary: 'A case’s history from the audit log: the case and its notices, oldest first',
        description: 'Counsellors of the case’s center. Ids, states and kinds of actor only.',
        security,
        request: { params: z.object({ code: z.string().max(32) }) },
        responses: {
          200: {
            description: 'the events',
            content: {
              'application/json': { schema: z.object({ events: z.array(ZTimelineEvent) }) },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const viewer = c.var.principal;
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      return c.json({ events: await service.timeline(theCase) }, 200);
    },
  );

  const ZNote = z
    .object({ id: z.number().int(), text: z.string(), createdAt: z.string(), mine: z.boolean() })
    .openapi('CaseNote');
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'case' },
      {
        method: 'get',
        path: '/v1/cases/{code}/notes',
        tags: ['cases'],
        summary: 'The counsellors’ contact notes on a case (stored encrypted)',
        security,
        request: { params: z.object({ code: z.string().max(32) }) },
        responses: {
          200: {
            description: 'the notes, oldest first',
            content: { 'application/json': { schema: z.object({ notes: z.array(ZNote) }) } },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    ),
    async (c) => {
      const viewer = c.var.principal;
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      return c.json({ notes: await service.notes(theCase, viewer) }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'case' },
      {
        method: 'post',
        path: '/v1/cases/{code}/notes',
        tags: ['cases'],
        summary: 'Add a contact note to a case',
        security,
        request: {
          params: z.object({ code: z.string().max(32) }),
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({ text: z.string().max(MAX_NOTE_CHARS * 4) }).strict(),
              },
            },
          },
        },
        responses: {
          201: { description: 'the note', content: { 'application/json': { schema: ZNote } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    ),
    async (c) => {
      const viewer = c.var.principal;
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      return c.json(await service.addNote(theCase, viewer, c.req.valid('json').text), 201);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'case' },
      {
        method: 'post',
        path: '/v1/cases/{code}/confirm',
        tags: ['cases'],
        summary: 'Confirm a case’s hashes: uploads that match are then blocked, not only held',
        description:
          'Counsellors of the case’s center. A victim’s own hashes hold and refer matching uploads; once her counsellor confirms them they go to the confirmed bank, which every platform blocks. The regulator confirms through its review decisions.',
        security,
        request: { params: z.object({ code: z.string().max(32) }) },
        responses: {
          200: {
            description: 'how many hashes are now confirmed',
            content: {
              'application/json': {
                schema: z.object({ confirmed: z.number().int() }).openapi('CaseConfirmation'),
              },
            },
          },
          ...errorResponses(401, 403, 404, 409),
        },
      },
    ),
    async (c) => {
      const viewer = c.var.principal;
      const theCase = await service.requireCase(c.req.valid('param').code, viewer);
      return c.json({ confirmed: await service.confirmHashes(theCase, viewer) }, 200);
    },
  );
  const ZUnassigned = z
    .object({ code: z.string(), url: z.string(), host: z.string(), addedAt: z.string() })
    .openapi('UnassignedCaseUrl');
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'caller-org' },
      {
        method: 'get',
        path: '/v1/case-urls/unassigned',
        tags: ['cases'],
        summary: 'Victims’ URLs that no notice covers (no platform registered the host)',
        description:
          'Counsellors: their center’s cases and the cases victims opened themselves, oldest first. These are theirs to follow up by hand until the host is registered.',
        security,
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
    ),
    async (c) => {
      const viewer = c.var.principal;
      return c.json({ urls: await service.unassignedUrls(viewer) }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: ['counsellor'], tenant: 'caller-org' },
      {
        method: 'post',
        path: '/v1/case-urls/unassigned/notices',
        tags: ['cases'],
        summary: 'Try the queue again: each URL a platform now hosts gets its notice',
        description: 'Counsellors. Run it after a platform registers its domains.',
        security,
        responses: {
          200: {
            description: 'how many notices were sent',
            content: { 'application/json': { schema: z.object({ sent: z.number().int() }) } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => {
      const viewer = c.var.principal;
      return c.json({ sent: (await service.noticeUnassigned(viewer)).length }, 200);
    },
  );
  return app;
}
