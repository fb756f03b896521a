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
 * Group commit for the audit chain on PostgreSQL. A change that appends to the chain holds its
 * lock until it commits, so one transaction per change serialises every match behind the one
 * before it, a flush to disk each. Here the units of work that arrive while a batch commits wait
 * for the next batch, and a batch runs them all in one transaction: the lock taken and the head
 * read once, the entries written in one statement, one commit. Each entry is still its own link of
 * the chain, so `audit verify` is unchanged.
 *
 * A batch is all-or-nothing, so a unit that fails must not take the others with it: when one
 * does, the batch is rolled back and each unit is run again alone (units are functions that build
 * their statements afresh), so only the failing one's caller sees its error. Failures are rare on
 * the paths that use this (a random id colliding), so no savepoint is paid for on every unit.
 * A unit's promise settles only once its transaction has committed or rolled back.
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

  /** Transactions committed so far (tests: a batch of one is a plain transaction). */
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
      try {
        const values = await this.commit(batch);
        batch.forEach((member, i) => member.resolve(values[i]));
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else
          for (const member of batch)
            await this.commit([member]).then(
              ([value]) => member.resolve(value),
              (alone: unknown) => member.reject(alone),
            );
      }
    }
    this.running = false;
  }

  /** Runs the units in one transaction; their results, once committed. */
  private async commit(batch: readonly Member[]): Promise<unknown[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const chain = this.log.batch(client);
      const values: unknown[] = [];
      for (const member of batch) values.push(await this.drive(client, chain, member.work));
      await chain.flush();
      await client.query('COMMIT');
      this.batchCount++;
      return values;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
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
