import type { MiddlewareHandler } from 'hono';
import type { AccessStore } from '@haechi/core';
import { authenticate } from '@haechi/access';
import type { AppEnv } from './app-env.js';

/** Reads the bearer token (`Authorization: Bearer …`) and puts the principal on the context. */
export function authenticateRequest(
  access: AccessStore,
  now: () => Date,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    c.set('principal', await authenticate(access, token, now()));
    await next();
  };
}
