import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import {
  AppError,
  MONITOR_KINDS,
  percentile,
  type AccessStore,
  type Monitor,
  type MonitorConfig,
  type MonitorStore,
} from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorService } from './monitor-service.js';

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
export function monitorRoutes(
  service: MonitorService,
  store: MonitorStore,
  access: AccessStore,
  now: () => Date,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const security = [{ bearer: [] }];

  const view = async (m: Monitor) => {
    const findings = await store.listFindings({ monitorId: m.id, limit: 100_000 });
    const hours = findings
      .filter((f) => f.publishedAt !== null)
      .map((f) => (Date.parse(f.seenAt) - Date.parse(f.publishedAt as string)) / 3_600_000)
      .sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    return {
      id: m.id,
      name: m.name,
      kind: m.kind,
      status: m.status,
      intervalSeconds: m.intervalSeconds,
      respectRobots: m.config.respectRobots,
      lastRunAt: m.lastRunAt,
      lastRun: m.lastRun ? { ...m.lastRun } : null,
      lastError: m.lastError,
      failures: m.failures,
      totals: { ...m.totals },
      detections: findings.length,
      hoursFromPublicationToDetection: {
        p50: round(percentile(hours, 0.5)),
        max: round(hours.at(-1) ?? null),
      },
    };
  };
  const requireMonitor = async (id: number) => {
    const monitor = await store.getMonitor(id);
    if (!monitor) throw new AppError('not_found', `no monitor ${id}`);
    return monitor;
  };
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
    async (c) => {
      const body = c.req.valid('json');
      const principal = c.get('principal');
      const org = body.org
        ? await access.getOrgByName(body.org)
        : await access.getOrg(principal.orgId);
      if (!org) throw new AppError('org_not_found', `no organisation named "${body.org}"`);
      const config: MonitorConfig = {
        startUrls: body.startUrls,
        maxDepth: body.maxDepth,
        maxPages: body.maxPages,
        maxItems: body.maxItems,
        respectRobots: body.respectRobots,
        minIntervalMs: body.minIntervalMs,
        fetchTimeoutMs: body.fetchTimeoutMs,
        ...(body.authorisation ? { authorisation: body.authorisation } : {}),
      };
      if (['html', 'feed', 'sitemap'].includes(body.kind) && body.startUrls.length === 0)
        throw new AppError('invalid_input', `startUrls: a ${body.kind} monitor needs at least one`);
      await service.checkStartUrls(body.startUrls);
      let extra: Partial<MonitorConfig> = {};
      if (body.kind === 'folder') {
        const folder = body.folder ?? '';
        if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory())
          throw new AppError('invalid_input', 'folder: an absolute path to an existing directory');
        extra = { folder };
      }
      if (body.kind === 'webhook') {
        const platform = body.platform ? await access.getOrgByName(body.platform) : null;
        if (!platform || platform.kind !== 'platform')
          throw new AppError(
            'invalid_input',
            'platform: the name of the platform whose uploads it screens',
          );
        extra = { platformOrgId: platform.id };
      }
      if (!body.respectRobots && (org.kind !== 'police' || !body.authorisation))
        throw new AppError(
          'invalid_input',
          'respectRobots: only a monitor run for a police organisation, with its authorisation named, may ignore robots.txt',
        );
      const monitor = await store.createMonitor(
        {
          name: body.name,
          kind: body.kind,
          orgId: org.id,
          config: { ...config, ...extra },
          intervalSeconds: body.intervalSeconds,
          createdAt: now().toISOString(),
        },
        principal.actor,
      );
      await service.schedule(monitor, 0);
      return c.json(await view(monitor), 201);
    },
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
    async (c) =>
      c.json({ monitors: await Promise.all((await store.listMonitors()).map(view)) }, 200),
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
        const monitor = await requireMonitor(c.req.valid('param').id);
        const meta = { at: now().toISOString(), actor: c.get('principal').actor };
        if (action === 'run') return c.json(await view(await service.run(monitor)), 200);
        const changed = await store.setMonitorStatus(
          monitor.id,
          action === 'pause' ? 'paused' : 'active',
          meta,
        );
        if (!changed)
          throw new AppError(
            'invalid_transition',
            `the monitor is already ${action === 'pause' ? 'paused' : 'active'}`,
          );
        if (action === 'resume') await service.schedule(changed, 0);
        return c.json(await view(changed), 200);
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
      const findings = await store.listFindings({ ...(status ? { status } : {}), limit });
      return c.json({ findings: findings.map(({ pdq: _pdq, screeningId: _s, ...f }) => f) }, 200);
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
      const principal = c.get('principal');
      const monitor = (await store.listMonitors()).find(
        (m) => m.kind === 'webhook' && m.config.platformOrgId === principal.orgId,
      );
      if (!monitor)
        throw new AppError('not_found', 'no webhook monitor is set up for your platform');
      const body = c.req.valid('json');
      const event = await store.addEvent(
        monitor.id,
        body.url,
        body.publishedAt ? new Date(body.publishedAt).toISOString() : null,
        now().toISOString(),
      );
      if (monitor.status === 'active') await service.schedule(monitor, 0);
      return c.json({ eventId: event.id }, 202);
    },
  );
  return app;
}
