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
    },
    destination as pino.DestinationStream | undefined,
  );
}
