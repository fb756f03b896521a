import type { SqlRunOptions, SqlRunner, SqlStep, SqlWork } from '../sql/statements.js';
import { dollarParams } from './dollar-params.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { GroupCommit } from './postgres-group-commit.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgres-pool.js';

/**
 * {@link SqlRunner} on PostgreSQL: a transaction's steps run on one connection between BEGIN and
 * COMMIT; other work runs each step on whichever pooled connection is free. Transactions asking
 * for `groupCommit` share one transaction with those that arrive while it commits.
 */
export class PostgresRunner implements SqlRunner {
  readonly dialect = 'postgres';
  private readonly log: PostgresAuditLog;
  readonly groupCommit: GroupCommit;

  constructor(private readonly pool: PostgresPool) {
    this.log = new PostgresAuditLog(pool);
    this.groupCommit = new GroupCommit(pool, this.log, (client, step) => this.step(client, step));
  }

  async perform<T>(work: () => SqlWork<T>, options: SqlRunOptions = {}): Promise<T> {
    if (options.transaction && options.groupCommit) return this.groupCommit.perform(work);
    const drive = async (on: PostgresPool | PostgresClient): Promise<T> => {
      const steps = work();
      let next = steps.next();
      while (!next.done) {
        let result: unknown;
        try {
          result = await this.step(on, next.value);
        } catch (error) {
          next = steps.throw(error); // the work may catch it (a unique violation, say)
          continue;
        }
        next = steps.next(result);
      }
      return next.value;
    };
    return options.transaction ? inTransaction(this.pool, drive) : drive(this.pool);
  }

  private async step(on: PostgresPool | PostgresClient, step: SqlStep): Promise<unknown> {
    if (step.kind === 'audit') {
      if (!('release' in on)) throw new Error('an audit entry is written inside a transaction');
      return this.log.appendIn(on, step.record);
    }
    const result = await on.query(dollarParams(step.sql), step.params);
    if (step.kind === 'get') return result.rows[0];
    if (step.kind === 'all') return result.rows;
    return result.rowCount ?? 0;
  }
}
