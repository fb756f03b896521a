import type { Job, JobStore } from '@haechi/core';
import type { Logger } from '../../logging/logger.js';
import { readJob, type JobHandlers, type PayloadSchemas, type TypedJob } from './job-kinds.js';

export interface JobRunnerDeps<S extends PayloadSchemas> {
  readonly jobs: JobStore;
  /** The kinds this runner knows and their payloads' schemas (the server's JOB_PAYLOADS). */
  readonly kinds: S;
  /** One handler for every kind: a kind without one does not compile. */
  readonly handlers: JobHandlers<S>;
  /** Injected time: the real clock in production, a simulated one in tests. */
  readonly now: () => Date;
  readonly logger: Logger;
  /** How long a claimed job is ours before another process may take it over (default 5 min). */
  readonly leaseMs?: number;
  /** Told when a job has failed for good (its dead letter), e.g. to record a failed delivery. */
  readonly onDead?: (job: TypedJob<S>, error: string) => Promise<void>;
  /** Waits before each retry of a failed job; when they run out the job is dead (default 1 m, 5 m, 30 m, 2 h). */
  readonly retryDelaysMs?: readonly number[];
}

/**
 * Runs due jobs from the store, one at a time per process. Any number of processes may run one:
 * the store hands each job to one claimant, and a job whose claimant died is taken over when its
 * lease runs out, so none is lost and none runs twice while its lease holds.
 */
export class JobRunner<S extends PayloadSchemas> {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: JobRunnerDeps<S>) {}

  /** Runs every job due now (by the injected clock) until none is left; returns how many ran. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Polls for due jobs on the real clock until {@link stop}. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err: unknown) =>
        this.deps.logger.error({ msg: 'job runner failed', err }),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.deps.now();
      const lease = new Date(now.getTime() + (this.deps.leaseMs ?? 300_000));
      const job = await this.deps.jobs.claimDue(now.toISOString(), lease.toISOString());
      if (!job) return ran;
      await this.run(job);
      ran++;
    }
  }

  private async run(stored: Job): Promise<void> {
    const at = () => this.deps.now().toISOString();
    const read = readJob(this.deps.kinds, stored);
    if ('refused' in read) {
      // Retrying cannot fix a kind or payload no handler reads: it fails for good at once.
      await this.deps.jobs.fail(stored.id, read.refused, null, at());
      this.deps.logger.error({
        msg: 'job refused',
        job: stored.id,
        kind: stored.kind,
        error: read.refused,
      });
      return;
    }
    const job = read.job;
    // Indexed by the job's own kind, the handler takes that kind's job (checked by readJob).
    const handler = this.deps.handlers[job.kind];
    try {
      await handler(job);
      await this.deps.jobs.complete(job.id, at());
    } catch (error) {
      const delays = this.deps.retryDelaysMs ?? [60_000, 300_000, 1_800_000, 7_200_000];
      const delay = delays[job.attempts - 1];
      const retryAt =
        delay === undefined ? null : new Date(this.deps.now().getTime() + delay).toISOString();
      const message = error instanceof Error ? error.message : String(error);
      await this.deps.jobs.fail(job.id, message, retryAt, at());
      if (retryAt === null) await this.deps.onDead?.(job, message);
      this.deps.logger.warn({
        msg: retryAt ? 'job failed; will retry' : 'job failed for good',
        job: job.id,
        kind: job.kind,
        attempts: job.attempts,
        error: message,
      });
    }
  }
}
