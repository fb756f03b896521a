import { httpStatusOf, type ErrorCode } from './error-codes.js';

/**
 * An error meant for the person or system that caused it: a stable `code`, a message that says what
 * was wrong and what the limit or expectation is, and optional structured `details`. Messages must
 * never contain image bytes or personal data: they are logged and returned to clients.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
