import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AccessStore,
  type AuditStore,
  type BankStore,
  type MonitorStore,
  type NoticeStore,
  type ScreenJobStore,
  type ScreeningStore,
  type SealedValueStore,
} from '@haechi/core';
import type { ReviewService } from '../features/review/review-service.js';
import { reviewRoutes } from '../features/review/review.routes.js';
import { oversightRoutes } from '../features/oversight/oversight.routes.js';
import type { OversightService } from '../features/oversight/oversight-service.js';
import { evidenceRoutes } from '../features/evidence/evidence.routes.js';
import { reviewMediaRoutes } from '../features/review/review-media.routes.js';
import type { EvidenceService } from '../features/evidence/evidence-service.js';
import type { EvidenceExporter } from '../features/evidence/evidence-export.js';
import type { EvidenceSigningKey } from '@haechi/evidence';
import type { CaseService } from '../features/cases/case-service.js';
import type { MonitorService } from '../features/monitors/monitor-service.js';
import { monitorRoutes } from '../features/monitors/monitors.routes.js';
import { readVictimToken } from '../features/cases/victim-token.js';
import type { NoticeService } from '../features/notices/notice-service.js';
import type { Sealer } from '../services/sealing/sealer.js';
import type { WebhookSender } from '../features/webhooks/webhook-sender.js';
import type { AttemptLimiter } from '../services/limits/attempt-limiter.js';
import { caseRoutes } from '../features/cases/cases.routes.js';
import { noticeRoutes } from '../features/notices/notices.routes.js';
import type { Logger } from '../logging/logger.js';
import type { AsyncScreening } from '../features/screening/async-screening.js';
import type { ScreeningService } from '../features/screening/screening-service.js';
import type { AppEnv } from './app-env.js';
import { authenticateRequest } from './authorize.js';
import { AccessTable, declaredRoutes } from './route-access.js';
import { docsRoutes } from './docs.routes.js';
import { consoleRoutes } from './console.routes.js';
import { errorBody, toAppError } from './error-response.js';
import { RequestCounter, rateLimit } from './rate-limit.js';
import { asyncScreenRoutes } from '../features/screening/async-screen.routes.js';
import { bankRoutes } from '../features/banks/banks.routes.js';
import { healthRoutes } from './health.routes.js';
import { keyRoutes } from '../features/access/keys.routes.js';
import { adminRoutes } from '../features/admin/admin.routes.js';
import { adminKeyRoutes } from '../features/admin/admin-master-key.routes.js';
import { refuseNulInJson } from './refuse-nul.js';
import { orgRoutes } from '../features/access/org.routes.js';
import { loginRoutes, sessionRoutes } from '../features/access/auth.routes.js';
import { screenRoutes } from '../features/screening/screen.routes.js';
import { webhookSecretRoutes } from '../features/webhooks/webhook-secret.routes.js';

export interface AppDeps {
  readonly access: AccessStore;
  readonly banks: BankStore;
  readonly screening: ScreeningService;
  readonly asyncScreening: AsyncScreening;
  readonly screenJobs: ScreenJobStore;
  readonly cases: CaseService;
  readonly monitors: MonitorService;
  readonly monitorStore: MonitorStore;
  readonly noticeService: NoticeService;
  readonly notices: NoticeStore;
  readonly sealer: Sealer;
  readonly sealedValues: SealedValueStore;
  readonly audit: AuditStore;
  readonly review: ReviewService;
  readonly oversight: OversightService;
  readonly evidence: EvidenceService;
  readonly evidenceExport: EvidenceExporter;
  readonly signingKey: EvidenceSigningKey;
  /** The built web console (served at `/`). */
  readonly consoleDir: string;
  readonly allowPrivateCallbacks: boolean;
  readonly webhooks: WebhookSender;
  /** Failed sign-ins, counted in the store (staff here; victims in the case service). */
  readonly signInLimiter: AttemptLimiter;
  readonly rateLimits: { perMinute: number; publicPerMinute: number; trustProxy: boolean };
  readonly screenings: ScreeningStore;
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
  app.route(
    '/',
    loginRoutes(deps.access, deps.now, deps.signInLimiter, deps.rateLimits.trustProxy),
  );
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
  app.route('/', sessionRoutes(deps.access, deps.now));
  app.route('/', asyncScreenRoutes(deps.asyncScreening, deps.screenJobs));
  app.route('/', screenRoutes(deps.screening));
  app.route(
    '/',
    webhookSecretRoutes(deps.access, deps.webhooks, deps.now, deps.allowPrivateCallbacks),
  );
  app.route('/', keyRoutes(deps.access, deps.now));
  app.route('/', adminRoutes(deps.access, deps.now));
  app.route(
    '/',
    adminKeyRoutes({
      sealed: deps.sealedValues,
      audit: deps.audit,
      sealer: deps.sealer,
      now: deps.now,
    }),
  );
  app.route('/', monitorRoutes(deps.monitors, deps.monitorStore, deps.access, deps.now));
  app.route('/', orgRoutes(deps.access, deps.banks, deps.screenings, deps.now));
  app.route('/', bankRoutes(deps.banks));
  app.route('/', caseRoutes(deps.cases, deps.sealer, deps.now, deps.rateLimits.trustProxy));
  app.route('/', noticeRoutes(deps.noticeService, deps.notices, deps.now));
  app.route('/', reviewRoutes(deps.review, deps.screenings, deps.now));
  app.route('/', reviewMediaRoutes(deps.review, deps.evidence));
  app.route('/', oversightRoutes(deps.oversight));
  app.route('/', evidenceRoutes(deps.evidence, deps.evidenceExport, deps.signingKey));

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
