import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute, SIGNED_IN } from '../../http/route-access.js';
import { login, logout } from '@haechi/access';
import { AppError, type AccessStore } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses } from '../../http/error-response.js';
import { clientAddress } from '../../http/rate-limit.js';
import type { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { staffSignInLimits } from '../../services/limits/sign-in-limits.js';

const ZLogin = z
  .object({ email: z.string().max(254), password: z.string().max(256) })
  .strict()
  .openapi('LoginRequest');
const ZSession = z.object({ token: z.string(), expiresAt: z.string() }).openapi('Session');

/** Password login for people (staff roles); the token goes in `Authorization: Bearer`. */
export function loginRoutes(
  access: AccessStore,
  now: () => Date,
  limiter: AttemptLimiter,
  trustProxy: boolean,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    accessRoute(
      { callers: ['anyone'], tenant: 'none' },
      {
        method: 'post',
        path: '/v1/auth/login',
        tags: ['auth'],
        summary: 'Sign in with email and password; returns a session token (12 hours)',
        request: { body: { required: true, content: { 'application/json': { schema: ZLogin } } } },
        responses: {
          200: { description: 'signed in', content: { 'application/json': { schema: ZSession } } },
          ...errorResponses(400, 401, 429),
        },
      },
    ),
    async (c) => {
      const credentials = c.req.valid('json');
      // Failures are counted per address, per account from it, and per account (sign-in-limits.ts).
      const { limits, clearOnSuccess } = staffSignInLimits(
        credentials.email,
        clientAddress(c, trustProxy),
      );
      const session = await limiter.guard(limits, clearOnSuccess, () =>
        login(access, credentials, now()),
      );
      return c.json({ token: session.token, expiresAt: session.expiresAt }, 200);
    },
  );
  return app;
}

const ZMe = z
  .object({
    kind: z.enum(['api_key', 'user']),
    orgId: z.number().int(),
    role: z.string(),
    actor: z.string(),
  })
  .openapi('Principal');

/** Who the caller is, and signing out. Needs authentication (any role). */
export function sessionRoutes(access: AccessStore, now: () => Date): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    accessRoute(
      { callers: SIGNED_IN, tenant: 'none' },
      {
        method: 'get',
        path: '/v1/me',
        tags: ['auth'],
        summary: 'The caller: organisation, role, and how it authenticated',
        description: 'Roles: any.',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'the caller', content: { 'application/json': { schema: ZMe } } },
          ...errorResponses(401, 403),
        },
      },
    ),
    (c) => {
      const { kind, orgId, role, actor } = c.get('principal');
      return c.json({ kind, orgId, role, actor }, 200);
    },
  );
  app.openapi(
    accessRoute(
      { callers: SIGNED_IN, tenant: 'none' },
      {
        method: 'post',
        path: '/v1/auth/logout',
        tags: ['auth'],
        summary: 'End this session',
        description: 'Roles: any person (API keys are revoked instead).',
        security: [{ bearer: [] }],
        responses: { 204: { description: 'signed out' }, ...errorResponses(400, 401, 403) },
      },
    ),
    async (c) => {
      const token = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
      // An API key has no session to end: saying 204 would tell its holder it was switched off.
      if (!token.startsWith('hs_'))
        throw new AppError(
          'invalid_input',
          'this is an API key, not a session: revoke it instead (DELETE /v1/keys/{id})',
        );
      await logout(access, token, now());
      return c.body(null, 204);
    },
  );
  return app;
}
