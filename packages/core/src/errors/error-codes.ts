/**
 * Every error code Haechi returns, with the HTTP status an API answers it with. Codes are part of the
 * public contract (clients branch on them): add new ones, never rename or reuse one.
 */
export const ERROR_CODES = {
  invalid_input: 400,
  invalid_hash: 400,
  media_empty: 400,
  media_unsupported_type: 415,
  media_too_large: 413,
  media_too_many_pixels: 413,
  media_truncated: 422,
  media_corrupt: 422,
  media_timeout: 422,
  media_too_long: 413,
  file_unreadable: 400,
  bank_not_found: 404,
  bank_exists: 409,
  invalid_bank_name: 400,
  import_rejected: 422,
  entry_not_found: 404,
  org_exists: 409,
  monitor_exists: 409,
  org_not_found: 404,
  user_exists: 409,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_transition: 409,
  rate_limited: 429,
  case_not_found: 404,
  domain_taken: 409,
  internal: 500,
  /** The database cannot be reached (restarting, failing over): nothing was done; try again. */
  unavailable: 503,
  /** Every image-hashing thread is busy and the queue is full: nothing was done; try again. */
  overloaded: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}
