import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import { AppError, type AccessStore } from '@haechi/core';
import { readVictimToken } from '../features/cases/victim-token.js';
import type { Sealer } from '../services/sealing/sealer.js';
import type { Logger } from '../logging/logger.js';
import type { AppEnv } from './app-env.js';
import { authenticateRequest } from './authorize.js';
import { AccessTable, declaredRoutes } from './route-access.js';
import type { AnyFeature } from './feature.js';
import { docsRoutes } from './docs.routes.js';
import { consoleRoutes } from './console.routes.js';
import { errorBody, toAppError } from './error-response.js';
import { RequestCounter, rateLimit } from './rate-limit.js';
import { healthRoutes } from './health.routes.js';
import { refuseNulInJson } from './refuse-nul.js';

export interface AppDeps {
  /** The capabilities whose routes the app mounts, in this order. */
  readonly features: readonly AnyFeature[];
  /** Who a bearer token is (people and platform keys). */
  readonly access: AccessStore;
  /** Opens a victim's case session (hv_…). */
  readonly sealer: Sealer;
  /** The built web console (served at `/`). */
  readonly consoleDir: string;
  readonly rateLimits: { perMinute: number; publicPerMinute: number; trustProxy: boolean };
  readonly logger: Logger;
  readonly now: () => Date;
  readonly isReady: () => Promise<Record<string, string> | null>;
  readonly limits: {
    /** Largest body of POST /v1/screen (the media limits plus room for multipart framing). */
    readonly screenBodyBytes: number;
    readonly batchBodyBytes: number;
    readonly jsonBodyBytes: number;
    readonly asyncBodyBytes: number;
  };
}

function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `the request body is over the limit of ${maxSize} bytes`,
      );
    },
  });
}

/** The HTTP API: routes are thin; the services hold the rules. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'body';
      throw new AppError('invalid_input', `${where}: ${issue?.message ?? 'invalid'}`);
    },
  });

  app.use('*', secureHeaders());
  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const principal = c.var.principal;
    deps.logger.info({
      msg: 'request',
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(principal ? { actor: principal.actor, orgId: principal.orgId } : {}),
    });
  });
  app.onError((error, c) => {
    let appError: AppError;
    if (error instanceof HTTPException) {
      const code =
        error.status === 415
          ? 'unsupported_media_type'
          : error.status === 413
            ? 'payload_too_large'
            : 'invalid_input';
      appError = new AppError(code, error.message || 'invalid request');
    } else {
      appError = toAppError(error);
    }
    if (appError.code === 'internal')
      deps.logger.error({ msg: 'unhandled error', requestId: c.var.requestId, err: error });
    // Every limit says when to come back (request rates, sign-in failures, cases per address).
    const retryAfter = appError.details?.['retryAfterSeconds'];
    if (appError.code === 'rate_limited' && typeof retryAfter === 'number')
      c.header('Retry-After', String(retryAfter));
    if (appError.code === 'overloaded')
      c.header('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : 1));
    if (appError.code === 'unavailable') {
      deps.logger.warn({ msg: 'database unavailable', requestId: c.var.requestId, err: error });
      c.header('Retry-After', '5');
    }
    return c.json(errorBody(appError), appError.httpStatus as 400);
  });
  app.notFound((c) =>
    c.json(errorBody(new AppError('not_found', `no route ${c.req.method} ${c.req.path}`)), 404),
  );

  app.route('/', healthRoutes(deps.isReady));
  app.route('/', docsRoutes());
  app.route('/', consoleRoutes(deps.consoleDir));
  app.use('/v1/screen', limitBody(deps.limits.screenBodyBytes));
  app.use('/v1/screen/batch', limitBody(deps.limits.batchBodyBytes));
  app.use('/v1/screen/async', limitBody(deps.limits.asyncBodyBytes));
  app.use('/v1/*', async (c, next) => {
    const path = c.req.path;
    if (!['/v1/screen', '/v1/screen/batch', '/v1/screen/async'].includes(path))
      return limitBody(deps.limits.jsonBodyBytes)(c, next);
    await next();
  });
  app.use('/v1/*', refuseNulInJson);
  const limiter = rateLimit({ ...deps.rateLimits, counter: new RequestCounter() });
  app.use('/v1/auth/login', limiter);
  const authenticate = authenticateRequest(deps.access, deps.now);
  // Each route declares who may call it (route-access.ts); the credential reader looks the
  // declaration up before routing, to know whether the route is public. Read once, at the first
  // request, when every route is registered.
  let table: AccessTable | undefined;
  const accessOf = (method: string, path: string) =>
    (table ??= new AccessTable(declaredRoutes(app))).find(method, path);
  app.use('/v1/*', async (c, next) => {
    const callers = accessOf(c.req.method, c.req.path)?.callers ?? [];
    // A public route ignores credentials: a stale token does not stop a sign-in.
    if (callers.length > 0 && callers.every((caller) => caller === 'anyone')) return next();
    const header = c.req.header('authorization');
    if (!header && callers.includes('anyone')) return next();
    // A victim follows her case with her case session (hv_…); each route says if it admits one
    // (a route that does not answers 403, as for a role it does not admit).
    const caseToken = /^Bearer\s+(hv_\S+)$/i.exec(header ?? '')?.[1];
    if (caseToken) {
      c.set('victimCaseId', readVictimToken(deps.sealer, caseToken, deps.now()));
      return next();
    }
    return authenticate(c, next);
  });
  // Counted after authentication, so each API key, person or case session has its own allowance.
  app.use('/v1/*', async (c, next) =>
    c.req.path === '/v1/auth/login' ? next() : limiter(c, next),
  );
  // Each feature's routes; every route declares who may call it and checks that itself.
  for (const feature of deps.features) for (const routes of feature.routes) app.route('/', routes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A platform API key (hk_…) or a session token from /v1/auth/login (hs_…)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Haechi API',
      version: '0.1.0',
      description:
        'Screening, hash banks and (in later versions) the takedown workflow of Haechi. Every route under /v1 needs a bearer token except login; each says which roles it allows.',
    },
  });
  return app;
}
