import { AppError } from '@haechi/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';

/**
 * Refuses JSON whose text holds U+0000. No field has a use for it, C code downstream truncates at
 * it, and PostgreSQL cannot store it in text at all: refused here, both backends behave alike.
 * Only bodies that contain the escape are parsed a second time.
 */
export const refuseNulInJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The query string too: a NUL there reaches the same stores.
  const query = new URL(c.req.url).search;
  if (/%00/.test(query) || query.includes('\0'))
    throw new AppError('invalid_input', 'text must not contain NUL characters (U+0000)');
  // Every JSON media type (application/json, application/merge-patch+json, …), as Hono parses them.
  if (!/^application\/([\w.-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) return next();
  const text = await c.req.text();
  if (text.includes('\\u0000')) {
    let found = false;
    try {
      JSON.parse(text, (key, value: unknown) => {
        if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) found = true;
        return value;
      });
    } catch {
      // Malformed JSON: the route's validator answers it.
    }
    if (found) throw new AppError('invalid_input', 'text must not contain NUL characters (U+0000)');
  }
  await next();
};
