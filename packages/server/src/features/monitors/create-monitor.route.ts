import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { MONITOR_KINDS } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import type { MonitorAdmin } from './monitor-admin.js';
import { defineOperation } from '../../http/operation.js';
import { ZHttpUrl, ZMonitor } from './monitors.schema.js';

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

const route = accessRoute(
  { callers: ['admin'], tenant: 'all' },
  {
    method: 'post',
    path: '/v1/monitors',
    tags: ['monitoring'],
    summary: 'Create a monitor of a site, feed, sitemap, folder, or a platform’s upload events',
    description:
      'Roles: admin. Ignoring robots.txt is for authorised law-enforcement use only: the monitor must run for a police organisation and name its authorisation, which the audit log records.',
    security: [{ bearer: [] }],
    request: {
      body: { required: true, content: { 'application/json': { schema: ZNewMonitor } } },
    },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: ZMonitor } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
);

export const createMonitor = (monitors: MonitorAdmin) =>
  defineOperation(route, async (c) =>
    c.json(await monitors.create(c.req.valid('json'), c.get('principal')), 201),
  );
