/** A durable unit of deferred work: a deadline, a reminder, a webhook delivery, a verification. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'cancelled'] as const;

export interface Job {
  readonly id: number;
  /** Names the handler, e.g. `notice.deadline`. Stored: never renamed. */
  readonly kind: string;
  readonly runAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: (typeof JOB_STATUSES)[number];
  readonly attempts: number;
  readonly lastError: string | null;
  /** At most one queued or running job per key (e.g. `notice:12:deadline`). */
  readonly dedupeKey: string | null;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Jobs as rows. Contract: `claimDue` hands each due job to exactly one caller (one statement marks
 * it running with a lease); a job whose lease ran out (its process died) is due again; nothing is
 * deleted, so the history of every deadline and delivery stays.
 */
/** A job to schedule. */
export interface NewJob {
  readonly kind: string;
  readonly runAt: string;
  readonly payload: Record<string, unknown>;
  readonly dedupeKey?: string;
}

export interface JobStore {
  /** Schedules a job; returns null (and changes nothing) when its dedupe key is already pending. */
  schedule(input: NewJob, at: string): Promise<Job | null>;
  claimDue(now: string, leaseUntil: string): Promise<Job | null>;
  complete(id: number, at: string): Promise<void>;
  /** Records a failure: queued again at `retryAt`, or `dead` when it is null. */
  fail(id: number, error: string, retryAt: string | null, at: string): Promise<void>;
  /** Cancels pending jobs whose dedupe key starts with the prefix; returns how many. */
  cancelPending(dedupeKeyPrefix: string, at: string): Promise<number>;
  list(options: { kind?: string; status?: Job['status']; limit: number }): Promise<Job[]>;
}
