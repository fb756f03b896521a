/** SQLSTATEs that mean the database went away, not that the statement was wrong. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * Whether `error` says the database cannot be reached right now (a restart, a failover, a full
 * connection table), so the request may simply be tried again; rather than a defect.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
    if (UNAVAILABLE_ERRNOS.has(code)) return true;
  }
  // node-postgres reports a connection lost mid-query without a code.
  return /^Connection terminated|not queryable|timeout exceeded when trying to connect/.test(
    error.message,
  );
}

/**
 * Whether PostgreSQL refused a text value it cannot store (NUL, or bytes that are not UTF-8):
 * bad input that reached the database by a path no validator covered, not a defect.
 */
export function isUnstorableText(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === '22021' || code === '22P05';
}
