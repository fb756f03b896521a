import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from './route-access.js';
import type { AppEnv } from './app-env.js';

const ZHealth = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Health');

/** Liveness (the process answers) and readiness (store reachable, bank indexes loaded). */
export function healthRoutes(
  isReady: () => Promise<Record<string, string> | null>,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    accessRoute(
      { callers: ['anyone'], tenant: 'none' },
      {
        method: 'get',
        path: '/healthz',
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        responses: {
          200: { description: 'up', content: { 'application/json': { schema: ZHealth } } },
        },
      },
    ),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.openapi(
    accessRoute(
      { callers: ['anyone'], tenant: 'none' },
      {
        method: 'get',
        path: '/readyz',
        tags: ['operations'],
        summary: 'Readiness: the store answers and the bank indexes are loaded',
        responses: {
          200: { description: 'ready', content: { 'application/json': { schema: ZHealth } } },
          503: { description: 'not ready', content: { 'application/json': { schema: ZHealth } } },
        },
      },
    ),
    async (c) => {
      const checks = await isReady();
      return checks
        ? c.json({ status: 'ok' as const, checks }, 200)
        : c.json({ status: 'unavailable' as const }, 503);
    },
  );
  return app;
}
