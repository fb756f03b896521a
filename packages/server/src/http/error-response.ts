import { z } from '@hono/zod-openapi';
import { AppError, ERROR_CODES, type ErrorCode } from '@haechi/core';
import { InvalidHashError } from '@haechi/hashing';
import { isDatabaseUnavailable, isUnstorableText } from '@haechi/store';

export const ZError = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

/** The JSON every failure answers with: a stable code for programs, a message for people. */
export function errorBody(error: AppError): z.infer<typeof ZError> {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: { ...error.details } } : {}),
    },
  };
}

/**
 * Maps what a handler threw to an AppError: a database that cannot be reached is `unavailable`
 * (503: nothing was done, try again); anything else unexpected becomes `internal` (500).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof InvalidHashError) return new AppError('invalid_hash', error.message);
  if (isDatabaseUnavailable(error))
    return new AppError('unavailable', 'the database is unavailable; try again shortly');
  if (isUnstorableText(error))
    return new AppError(
      'invalid_input',
      'the text holds a character that cannot be stored (NUL, or bytes that are not UTF-8)',
    );
  return new AppError('internal', 'an internal error occurred; it has been logged');
}

/** OpenAPI response entries for the errors a route can give. */
export function errorResponses(
  ...statuses: number[]
): Record<
  number,
  { description: string; content: { 'application/json': { schema: typeof ZError } } }
> {
  const describe: Record<number, string> = {
    400: 'invalid input',
    401: 'no valid API key or session',
    403: 'the role may not do this',
    404: 'not found',
    409: 'conflict',
    413: 'too large',
    415: 'unsupported media type',
    422: 'the media could not be decoded',
    429: 'too many requests',
    503: 'the database is unavailable; try again',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: describe[s] ?? 'error', content: { 'application/json': { schema: ZError } } },
    ]),
  );
}
