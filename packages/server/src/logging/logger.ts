import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (one object a line). What goes in is chosen at each call site; request logs
 * carry the route pattern, never query strings, bodies, hashes or personal data.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      // The process id tells apart the workers of one server (HAECHI_WORKERS).
      base: { service: 'haechi', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Defence in depth: if a caller ever passes these, they are not written.
      redact: {
        paths: ['req.headers.authorization', 'password', 'token', 'key', 'bytes'],
        remove: true,
      },
      serializers: { err: serializeError },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/**
 * An error as its type, code, message and stack only: libraries hang their state on errors (a
 * database client with its connection settings, a request with its body), which a log must not
 * carry.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}
