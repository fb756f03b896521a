import type { SqlStep, SqlWork } from '../sql/statements.js';
import type { AuditBatch, PostgresAuditLog } from './postgres-audit-log.js';
import type { PostgresClient, PostgresPool } from './postgres-pool.js';

/** Units of work one transaction carries at most: a bound on how long the chain's lock is held. */
export const GROUP_COMMIT_MAX = 64;

/** Runs one step of a work on a connection (the runner's own statements). */
export type StepOnClient = (client: PostgresClient, step: SqlStep) => Promise<unknown>;

interface Member {
  readonly work: () => SqlWork<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for the audit chain on PostgreSQL. Every change that appends to the chain takes its
 * lock until it commits, so one transaction per change serialises every match behind the one
 * before it (a commit's flush to disk each). Here the units of work that arrive while a batch is
 * committing wait for the next batch, and a batch runs them all in one transaction: one lock, one
 * commit, each entry still its own link of the chain (so `audit verify` is unchanged).
 *
 * Each unit runs inside a savepoint: one that fails is rolled back alone, its caller gets its
 * error, and the chain's head steps back to where it was, so the others' entries still link.
 * A unit's promise resolves only after the batch has committed.
 */
export class GroupCommit {
  private queue: Member[] = [];
  private running = false;
  private batchCount = 0;

  constructor(
    private readonly pool: PostgresPool,
    private readonly log: PostgresAuditLog,
    private readonly runStep: StepOnClient,
  ) {}

  /** Batches committed so far (tests; a batch of one is a plain transaction). */
  get batches(): number {
    return this.batchCount;
  }

  perform<T>(work: () => SqlWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Started on the next microtask, so units submitted together share the first batch.
      if (!this.running) {
        this.running = true;
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, GROUP_COMMIT_MAX);
      await this.commit(batch).catch((error: unknown) => {
        for (const member of batch) member.reject(error);
      });
    }
    this.running = false;
  }

  /** One transaction for the batch; settles each member's promise. */
  private async commit(batch: Member[]): Promise<void> {
    const client = await this.pool.connect();
    const settled: Array<() => void> = [];
    try {
      await client.query('BEGIN');
      const chain = this.log.batch(client);
      for (const member of batch) {
        const mark = chain.mark();
        await client.query('SAVEPOINT unit');
        try {
          const value = await this.drive(client, chain, member.work);
          await client.query('RELEASE SAVEPOINT unit');
          settled.push(() => member.resolve(value));
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT unit');
          chain.reset(mark);
          settled.push(() => member.reject(error));
        }
      }
      await client.query('COMMIT');
      this.batchCount++;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const settle of settled) settle();
  }

  private async drive(
    client: PostgresClient,
    chain: AuditBatch,
    work: () => SqlWork<unknown>,
  ): Promise<unknown> {
    const steps = work();
    let next = steps.next();
    while (!next.done) {
      let result: unknown;
      try {
        result =
          next.value.kind === 'audit'
            ? await chain.append(next.value.record)
            : await this.runStep(client, next.value);
      } catch (error) {
        next = steps.throw(error);
        continue;
      }
      next = steps.next(result);
    }
    return next.value;
  }
}
