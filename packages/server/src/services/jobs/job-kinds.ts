import { z } from 'zod';
import type { Job, NewJob } from '@haechi/core';

const noticeId = z.number().int().positive();

/**
 * Every kind of job the server schedules, with the schema of its payload. Kinds and payloads are
 * stored, so a kind is never renamed and a payload only gains optional fields.
 */
export const JOB_PAYLOADS = {
  /** A notice's deadline has come: overdue and escalated unless it was removed. */
  'notice.deadline': z.object({ noticeId }).strict(),
  /** A reminder to the platform before the deadline. */
  'notice.reminder': z.object({ noticeId }).strict(),
  /** Checks that content a platform reported removed is gone. */
  'notice.verify': z.object({ noticeId }).strict(),
  /** Pushes a notice's event (`sent`, `reminder`, `overdue`, …) to the platform's webhook. */
  'notice.deliver': z.object({ noticeId, event: z.string().min(1).max(64) }).strict(),
  /** Tells a platform the regulator's decision on an upload it holds. */
  'review.deliver': z
    .object({ itemId: z.number().int().positive(), status: z.string().min(1).max(64) })
    .strict(),
  /** Tells a platform that an upload's verdict tightened once its detectors ran (async tier). */
  'screening.deliver': z.object({ screeningId: z.string().min(1).max(64) }).strict(),
  /** One scheduled run of a monitor. */
  'monitor.run': z.object({ monitorId: z.number().int().positive() }).strict(),
} as const;

/** Payload schemas by kind: the server's JOB_PAYLOADS, or a test's own. */
export type PayloadSchemas = Readonly<Record<string, z.ZodType<Record<string, unknown>>>>;

/** A stored job read as its kind: `payload` has that kind's type. */
export type TypedJob<S extends PayloadSchemas, K extends keyof S & string = keyof S & string> = {
  [P in K]: Omit<Job, 'kind' | 'payload'> & { readonly kind: P; readonly payload: z.infer<S[P]> };
}[K];

/** One handler per kind, each given its own kind's job. */
export type JobHandlers<S extends PayloadSchemas> = {
  readonly [K in keyof S & string]: (job: TypedJob<S, K>) => Promise<void>;
};

export type ServerJobKind = keyof typeof JOB_PAYLOADS;
export type ServerJob<K extends ServerJobKind = ServerJobKind> = TypedJob<typeof JOB_PAYLOADS, K>;
export type ServerJobHandlers = JobHandlers<typeof JOB_PAYLOADS>;

/** A new job of a server kind, its payload checked by the compiler. */
export function newJob<K extends ServerJobKind>(
  kind: K,
  job: { runAt: string; payload: z.infer<(typeof JOB_PAYLOADS)[K]>; dedupeKey?: string },
): NewJob {
  return { kind, ...job };
}

/**
 * Reads a stored job as its kind. Returns why not when no schema has its kind or its payload does
 * not fit (a row written by another version, or by hand): such a job cannot succeed by retrying.
 */
export function readJob<S extends PayloadSchemas>(
  schemas: S,
  job: Job,
): { job: TypedJob<S> } | { refused: string } {
  const schema = Object.hasOwn(schemas, job.kind) ? schemas[job.kind] : undefined;
  if (!schema) return { refused: `no handler for job kind "${job.kind}"` };
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'payload';
    return { refused: `job ${job.kind}: ${where}: ${issue?.message ?? 'invalid payload'}` };
  }
  return { job: { ...job, payload: parsed.data } as TypedJob<S> };
}
