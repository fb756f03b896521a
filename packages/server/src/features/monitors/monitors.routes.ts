import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { MONITOR_KINDS } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorAdmin } from './monitor-admin.js';

const ZHttpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'an http(s) URL');

const ZNewMonitor = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_", "-"'),
    kind: z.enum(MONITOR_KINDS),
    /** The organisation it runs for (default: the admin's own): its banks and jurisdiction. */
    org: z.string().max(64).optional(),
    startUrls: z.array(ZHttpUrl).max(20).default([]),
    maxDepth: z.number().int().min(0).max(5).default(1),
    maxPages: z.number().int().min(1).max(10_000).default(200),
    maxItems: z.number().int().min(1).max(100_000).default(1000),
    folder: z.string().max(4096).optional(),
    platform: z.string().max(64).optional(),
    intervalSeconds: z
      .number()
      .int()
      .min(10)
      .max(30 * 86_400)
      .default(3600),
    respectRobots: z.boolean().default(true),
    authorisation: z.string().min(5).max(300).optional(),
    minIntervalMs: z.number().int().min(0).max(600_000).default(1000),
    fetchTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  })
  .strict()
  .openapi('NewMonitor');

const ZMonitor = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(MONITOR_KINDS),
    status: z.enum(['active', 'paused']),
    intervalSeconds: z.number().int(),
    respectRobots: z.boolean(),
    lastRunAt: z.string().nullable(),
    lastRun: z.record(z.string(), z.number()).nullable(),
    lastError: z.string().nullable(),
    failures: z.number().int(),
    totals: z.object({
      runs: z.number().int(),
      itemsSeen: z.number().int(),
      matches: z.number().int(),
      errors: z.number().int(),
    }),
    detections: z.number().int(),
    hoursFromPublicationToDetection: z.object({
      p50: z.number().nullable(),
      max: z.number().nullable(),
    }),
  })
  .openapi('Monitor');

const ZFinding = z
  .object({
    id: z.number().int(),
    monitorId: z.number().int(),
    url: z.string(),
    pageUrl: z.string().nullable(),
    publishedAt: z.string().nullable(),
    seenAt: z.string(),
    sha256: z.string(),
    verdict: z.string(),
    noticeId: z.number().int().nullable(),
    status: z.enum(['notice_sent', 'unassigned']),
  })
  .openapi('MonitorFinding');

/**
 * Automated monitoring: admins create, pause, resume and run monitors and read their status;
 * analysts read the status; counsellors take the findings no platform hosts; a platform posts its
 * new public uploads for its webhook monitor to screen.
 */
export function monitorRoutes(monitors: MonitorAdmin): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];
  const ZId = z.object({ id: z.coerce.number().int().positive() });

  app.openapi(
    accessRoute(
      { callers: ['admin'], tenant: 'all' },
      {
        method: 'post',
        path: '/v1/monitors',
        tags: ['monitoring'],
        summary: 'Create a monitor of a site, feed, sitemap, folder, or a platform’s upload events',
        description:
          'Roles: admin. Ignoring robots.txt is for authorised law-enforcement use only: the monitor must run for a police organisation and name its authorisation, which the audit log records.',
        security,
        request: {
          body: { required: true, content: { 'application/json': { schema: ZNewMonitor } } },
        },
        responses: {
          201: { description: 'created', content: { 'application/json': { schema: ZMonitor } } },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    ),
    async (c) => c.json(await monitors.create(c.req.valid('json'), c.get('principal')), 201),
  );

  app.openapi(
    accessRoute(
      { callers: ['admin', 'analyst'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/monitors',
        tags: ['monitoring'],
        summary: 'Every monitor with its last run, totals, detections and time to detection',
        description: 'Roles: admin, analyst.',
        security,
        responses: {
          200: {
            description: 'monitors',
            content: { 'application/json': { schema: z.object({ monitors: z.array(ZMonitor) }) } },
          },
          ...errorResponses(401, 403),
        },
      },
    ),
    async (c) => c.json({ monitors: await monitors.list() }, 200),
  );

  for (const action of ['pause', 'resume', 'run'] as const)
    app.openapi(
      accessRoute(
        { callers: ['admin'], tenant: 'all' },
        {
          method: 'post',
          path: `/v1/monitors/{id}/${action}`,
          tags: ['monitoring'],
          summary:
            action === 'run'
              ? 'Run the monitor now and answer with its status after the run'
              : action === 'pause'
                ? 'Pause the monitor: no run starts until it is resumed'
                : 'Resume a paused monitor: it runs at once, then on its schedule',
          description: 'Roles: admin.',
          security,
          request: { params: ZId },
          responses: {
            200: {
              description: 'the monitor',
              content: { 'application/json': { schema: ZMonitor } },
            },
            ...errorResponses(401, 403, 404, 409),
          },
        },
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const status =
          action === 'run'
            ? await monitors.runNow(id)
            : await monitors.setActive(id, action === 'resume', c.get('principal').actor);
        return c.json(status, 200);
      },
    );

  app.openapi(
    accessRoute(
      { callers: ['counsellor', 'admin'], tenant: 'all' },
      {
        method: 'get',
        path: '/v1/monitor-findings',
        tags: ['monitoring'],
        summary:
          'What monitors found: `unassigned` ones (no platform hosts them) are the counsellors’ queue',
        description: 'Roles: counsellor, admin.',
        security,
        request: {
          query: z.object({
            status: z.enum(['notice_sent', 'unassigned']).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
        },
        responses: {
          200: {
            description: 'findings, oldest first',
            content: { 'application/json': { schema: z.object({ findings: z.array(ZFinding) }) } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    ),
    async (c) => {
      const { status, limit } = c.req.valid('query');
      return c.json(
        { findings: await monitors.findings({ ...(status && { status }), limit }) },
        200,
      );
    },
  );

  app.openapi(
    accessRoute(
      { callers: ['platform'], tenant: 'caller-org' },
      {
        method: 'post',
        path: '/v1/monitor-events',
        tags: ['monitoring'],
        summary: 'A platform reports a new public upload, for its webhook monitor to screen',
        description:
          'Roles: platform. The upload is fetched from its URL and screened by the next run (scheduled at once).',
        security,
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({ url: ZHttpUrl, publishedAt: z.string().datetime().optional() })
                  .strict(),
              },
            },
          },
        },
        responses: {
          202: {
            description: 'queued',
            content: { 'application/json': { schema: z.object({ eventId: z.number().int() }) } },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    ),
    async (c) => {
      const { url, publishedAt } = c.req.valid('json');
      const event = await monitors.reportUpload(
        c.get('principal').orgId,
        url,
        publishedAt ? new Date(publishedAt).toISOString() : null,
      );
      return c.json({ eventId: event.id }, 202);
    },
  );
  return app;
}
