import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AccessStore } from '@haechi/core';
import { createLogger } from '../logging/logger.js';
import { Sealer } from '../services/sealing/sealer.js';
import type { AppEnv } from './app-env.js';
import { createApp } from './create-app.js';
import type { AnyFeature } from './feature.js';

/**
 * The app with only the features a route test needs, on the stores it opened (a temporary SQLite
 * file): every middleware and the authentication run as in production, called with
 * `app.request()`, no port and no build. Limits are wide so that they never decide a test.
 */
export function appForTests(
  features: readonly AnyFeature[],
  deps: { access: AccessStore; now?: () => Date },
): OpenAPIHono<AppEnv> {
  return createApp({
    features,
    access: deps.access,
    sealer: new Sealer(randomBytes(32)),
    consoleDir: '/nonexistent',
    rateLimits: { perMinute: 100_000, publicPerMinute: 100_000, trustProxy: false },
    logger: createLogger('silent'),
    now: deps.now ?? (() => new Date()),
    isReady: async () => ({ store: 'ok' }),
    limits: {
      screenBodyBytes: 1 << 20,
      batchBodyBytes: 1 << 20,
      jsonBodyBytes: 1 << 20,
      asyncBodyBytes: 1 << 20,
    },
  });
}

/** What an in-process call answers: its status and its JSON body (null when it has none). */
export interface CallResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A JSON call to an app in process, with `Authorization: Bearer <token>` when one is given. */
export async function callJson(
  app: { request: OpenAPIHono<AppEnv>['request'] },
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<CallResult> {
  const response = await app.request(path, {
    method,
    headers: {
      ...(token !== null && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
  };
}
