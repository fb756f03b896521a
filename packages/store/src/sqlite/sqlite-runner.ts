import type { SqlRunner, SqlStep, SqlWork } from '../sql/statements.js';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';

/**
 * {@link SqlRunner} on SQLite: each step runs synchronously, so a transaction (BEGIN IMMEDIATE, as
 * every writer here) holds the connection from its first statement to its commit with nothing
 * else in between.
 */
export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite';
  private readonly log: SqliteAuditLog;

  constructor(private readonly db: SqliteDatabase) {
    this.log = new SqliteAuditLog(db);
  }

  async perform<T>(work: () => SqlWork<T>, options: { transaction?: boolean } = {}): Promise<T> {
    const drive = (): T => {
      const steps = work();
      let next = steps.next();
      while (!next.done) {
        let result: unknown;
        try {
          result = this.step(next.value);
        } catch (error) {
          next = steps.throw(error); // the work may catch it (a unique violation, say)
          continue;
        }
        next = steps.next(result);
      }
      return next.value;
    };
    return options.transaction ? this.db.transaction(drive).immediate() : drive();
  }

  private step(step: SqlStep): unknown {
    if (step.kind === 'audit') return this.log.appendSync(step.record);
    const statement = this.db.prepare(step.sql);
    if (step.kind === 'get') return statement.get(...step.params);
    if (step.kind === 'all') return statement.all(...step.params);
    return statement.run(...step.params).changes;
  }
}
