import { z } from '@hono/zod-openapi';
import { login } from '@haechi/access';
import type { AccessStore } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';
import { clientAddress } from '../../http/rate-limit.js';
import { accessRoute } from '../../http/route-access.js';
import type { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { staffSignInLimits } from '../../services/limits/sign-in-limits.js';

const ZLogin = z
  .object({ email: z.string().max(254), password: z.string().max(256) })
  .strict()
  .openapi('LoginRequest');
const ZSession = z.object({ token: z.string(), expiresAt: z.string() }).openapi('Session');

const route = accessRoute(
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
);

/** Password sign-in for people (staff roles); the token goes in `Authorization: Bearer`. */
export const signIn = (deps: {
  access: AccessStore;
  now: () => Date;
  limiter: AttemptLimiter;
  trustProxy: boolean;
}) =>
  defineOperation(route, async (c) => {
    const credentials = c.req.valid('json');
    // Failures are counted per address, per account from it, and per account (sign-in-limits.ts).
    const { limits, clearOnSuccess } = staffSignInLimits(
      credentials.email,
      clientAddress(c, deps.trustProxy),
    );
    const session = await deps.limiter.guard(limits, clearOnSuccess, () =>
      login(deps.access, credentials, deps.now()),
    );
    return c.json({ token: session.token, expiresAt: session.expiresAt }, 200);
  });
