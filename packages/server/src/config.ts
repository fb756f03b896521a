import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMAGE_DECODE_LIMITS, DEFAULT_VIDEO_DECODE_LIMITS } from '@haechi/media';

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** Every setting the server reads, from the environment, with its default. Documented in the README. */
const ZEnv = z.object({
  PORT: int(8080, 0).pipe(z.number().max(65535)),
  HOST: z.string().default('127.0.0.1'),
  HAECHI_DATA: z.string().default('haechi-data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HAECHI_MAX_IMAGE_BYTES: int(DEFAULT_IMAGE_DECODE_LIMITS.maxInputBytes),
  HAECHI_MAX_PIXELS: int(DEFAULT_IMAGE_DECODE_LIMITS.maxPixels),
  HAECHI_DECODE_TIMEOUT_S: int(DEFAULT_IMAGE_DECODE_LIMITS.timeoutSeconds),
  HAECHI_MAX_VIDEO_BYTES: int(DEFAULT_VIDEO_DECODE_LIMITS.maxInputBytes),
  HAECHI_MAX_VIDEO_SECONDS: int(DEFAULT_VIDEO_DECODE_LIMITS.maxDurationSeconds),
  HAECHI_VIDEO_TIMEOUT_S: int(DEFAULT_VIDEO_DECODE_LIMITS.timeoutSeconds),
  HAECHI_MAX_BATCH_BYTES: int(20 * 1024 * 1024),
  HAECHI_MAX_ASYNC_VIDEO_BYTES: int(2 * 1024 * 1024 * 1024),
  HAECHI_MAX_ASYNC_VIDEO_SECONDS: int(3600),
  HAECHI_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  HAECHI_BANK_POLL_MS: int(200),
  HAECHI_INDEX_SNAPSHOT: z.string().optional(),
  HAECHI_HASH_QUEUE: z.coerce.number().int().min(0).optional(),
  HAECHI_DETECT_QUEUE: int(64, 0),
  HAECHI_DETECT_LOST_AFTER_S: int(600, 10),
  HAECHI_FFMPEG: z.string().optional(),
  HAECHI_MASTER_KEY: z.string().optional(),
  NODE_ENV: z.string().optional(),
  HAECHI_PREVIOUS_MASTER_KEYS: z.string().optional(),
  HAECHI_FETCH_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  HAECHI_DETECTORS: z
    .string()
    .regex(/^([a-z0-9-]+(,[a-z0-9-]+)*)?$/, 'detector names, comma-separated')
    .default('provenance,nudity,face'),
  HAECHI_MODEL_DETECTORS: z.string().optional(),
  HAECHI_CONSOLE_DIR: z.string().optional(),
  HAECHI_EVIDENCE_MEDIA: z.enum(['retain', 'none']).default('retain'),
  HAECHI_EVIDENCE_MEDIA_MAX_BYTES: int(DEFAULT_VIDEO_DECODE_LIMITS.maxInputBytes),
  HAECHI_EVIDENCE_SIGNING_KEY_FILE: z.string().optional(),
  HAECHI_AUDIT_ANCHORS_FILE: z.string().optional(),
  HAECHI_AUDIT_ANCHOR_SECONDS: int(10),
  HAECHI_REMINDER_HOURS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'hours, comma-separated')
    .default('12,2'),
  HAECHI_RATE_LIMIT_PER_MINUTE: int(1200),
  HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE: int(60),
  HAECHI_CASES_PER_ADDRESS_PER_DAY: int(20),
  HAECHI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  HAECHI_HEADERS_TIMEOUT_MS: int(15_000, 100),
  HAECHI_WORKERS: int(1).pipe(z.number().max(64)),
  HAECHI_CLOCK_RATE: z.coerce.number().positive().max(1_000_000).default(1),
  DATABASE_URL: z.string().optional(),
  HAECHI_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  HAECHI_DATABASE_POOL_SIZE: int(10).pipe(z.number().max(1000)),
  HAECHI_DATABASE_CONNECT_TIMEOUT_MS: int(5_000, 100),
  HAECHI_DATABASE_STATEMENT_TIMEOUT_MS: int(30_000, 100),
});

export type ServerConfig = ReturnType<typeof loadConfig>;

/** Reads and checks the configuration; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  // A fast clock would make every deadline and sign-in meaningless on a real deployment.
  if (e.HAECHI_CLOCK_RATE !== 1 && e.NODE_ENV === 'production')
    throw new Error(
      'configuration: HAECHI_CLOCK_RATE: a simulated clock is for demos and tests; it is refused when NODE_ENV=production',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.HAECHI_DATA),
    logLevel: e.LOG_LEVEL,
    bankPollMs: e.HAECHI_BANK_POLL_MS,
    /** The match index's snapshot file (null: none): started from, and rewritten after seals. */
    indexSnapshot:
      e.HAECHI_INDEX_SNAPSHOT === 'off'
        ? null
        : resolve(e.HAECHI_INDEX_SNAPSHOT ?? join(e.HAECHI_DATA, 'bank-index.snapshot')),
    /** The detectors' second tier (`detectors: "async"`). */
    detection: {
      /** Uploads whose detectors may wait in one process; beyond, they run in the request. */
      maxPending: e.HAECHI_DETECT_QUEUE,
      /** A record still `detecting` this long after its answer lost its process: completed. */
      staleAfterMs: e.HAECHI_DETECT_LOST_AFTER_S * 1000,
    },
    /** Uploads that may wait for an image-hashing thread; one more gets 503 (default 32 a thread). */
    hashQueue: e.HAECHI_HASH_QUEUE ?? null,
    media: {
      image: {
        maxInputBytes: e.HAECHI_MAX_IMAGE_BYTES,
        maxPixels: e.HAECHI_MAX_PIXELS,
        timeoutSeconds: e.HAECHI_DECODE_TIMEOUT_S,
      },
      video: {
        maxInputBytes: e.HAECHI_MAX_VIDEO_BYTES,
        maxDurationSeconds: e.HAECHI_MAX_VIDEO_SECONDS,
        timeoutSeconds: e.HAECHI_VIDEO_TIMEOUT_S,
      },
      ...(e.HAECHI_FFMPEG === undefined ? {} : { ffmpegPath: e.HAECHI_FFMPEG }),
    },
    asyncVideo: {
      maxInputBytes: e.HAECHI_MAX_ASYNC_VIDEO_BYTES,
      maxDurationSeconds: e.HAECHI_MAX_ASYNC_VIDEO_SECONDS,
      timeoutSeconds: Math.max(e.HAECHI_VIDEO_TIMEOUT_S, e.HAECHI_MAX_ASYNC_VIDEO_SECONDS),
    },
    allowPrivateCallbacks: e.HAECHI_WEBHOOK_ALLOW_PRIVATE === 'true',
    allowPrivateFetch: e.HAECHI_FETCH_ALLOW_PRIVATE === 'true',
    reminderOffsetsHours: e.HAECHI_REMINDER_HOURS.split(',').map(Number),
    rateLimits: {
      perMinute: e.HAECHI_RATE_LIMIT_PER_MINUTE,
      publicPerMinute: e.HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE,
      trustProxy: e.HAECHI_TRUST_PROXY === 'true',
      /** Cases one address may open in a day without an account (each one holds uploads). */
      casesPerAddressPerDay: e.HAECHI_CASES_PER_ADDRESS_PER_DAY,
    },
    /** A client that has not sent its headers by then is cut off (slow-loris). */
    headersTimeoutMs: e.HAECHI_HEADERS_TIMEOUT_MS,
    /** How many times faster than real time the server's clock runs (demos and tests; 1 = real). */
    clockRate: e.HAECHI_CLOCK_RATE,
    /** Server processes sharing the port and the store (node:cluster). */
    workers: e.HAECHI_WORKERS,
    /** PostgreSQL instead of the embedded store (tables in `schema`, default the search path). */
    database:
      e.DATABASE_URL === undefined || e.DATABASE_URL === ''
        ? null
        : {
            url: e.DATABASE_URL,
            schema: e.HAECHI_DATABASE_SCHEMA ?? null,
            /** Connections each process keeps. */
            poolSize: e.HAECHI_DATABASE_POOL_SIZE,
            /** A database that does not answer a connection by then is unavailable (503). */
            connectTimeoutMs: e.HAECHI_DATABASE_CONNECT_TIMEOUT_MS,
            /** A statement running longer is cancelled (503), so no request waits forever. */
            statementTimeoutMs: e.HAECHI_DATABASE_STATEMENT_TIMEOUT_MS,
          },
    consoleDir: e.HAECHI_CONSOLE_DIR === undefined ? null : resolve(e.HAECHI_CONSOLE_DIR),
    detectors: e.HAECHI_DETECTORS === '' ? [] : e.HAECHI_DETECTORS.split(','),
    modelDetectorsFile:
      e.HAECHI_MODEL_DETECTORS === undefined ? null : resolve(e.HAECHI_MODEL_DETECTORS),
    evidence: {
      retainMedia: e.HAECHI_EVIDENCE_MEDIA === 'retain',
      maxRetainedBytes: e.HAECHI_EVIDENCE_MEDIA_MAX_BYTES,
      signingKeyFile: resolve(
        e.HAECHI_EVIDENCE_SIGNING_KEY_FILE ?? `${e.HAECHI_DATA}/evidence-signing-key.pem`,
      ),
    },
    /** Signed heads of the audit chain: a file outside the store (better, on other storage). */
    auditAnchors: {
      file: resolve(e.HAECHI_AUDIT_ANCHORS_FILE ?? `${e.HAECHI_DATA}/audit-anchors.jsonl`),
      intervalMs: e.HAECHI_AUDIT_ANCHOR_SECONDS * 1000,
    },
    masterKey: {
      current: e.HAECHI_MASTER_KEY,
      previous: e.HAECHI_PREVIOUS_MASTER_KEYS,
      /** NODE_ENV=production: no key is generated beside the database; one must be configured. */
      required: e.NODE_ENV === 'production',
    },
    limits: {
      screenBodyBytes: Math.max(e.HAECHI_MAX_IMAGE_BYTES, e.HAECHI_MAX_VIDEO_BYTES) + 64 * 1024,
      batchBodyBytes: e.HAECHI_MAX_BATCH_BYTES,
      jsonBodyBytes: 1024 * 1024,
      asyncBodyBytes: e.HAECHI_MAX_ASYNC_VIDEO_BYTES + 64 * 1024,
    },
  };
}
