import type { SqlRunOptions, SqlRunner, SqlStep, SqlWork } from '../sql/statements.js';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { transaction } from './transaction.js';

/**
 * {@link SqlRunner} on SQLite: each step runs synchronously, so a transaction (BEGIN IMMEDIATE, as
 * every writer here) holds the connection from its first statement to its commit with nothing
 * else in between.
 */
export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite';
  private readonly log: SqliteAuditLog;
  /** Prepared statements by their text: preparing parses the SQL, which costs on hot paths. */
  private readonly statements = new Map<string, StatementSync>();

  constructor(private readonly db: SqliteDatabase) {
    this.log = new SqliteAuditLog(db);
  }

  /** `groupCommit` changes nothing here: a synchronous transaction holds the file for microseconds. */
  async perform<T>(work: () => SqlWork<T>, options: SqlRunOptions = {}): Promise<T> {
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
    return options.transaction ? transaction(this.db, drive) : drive();
  }

  private step(step: SqlStep): unknown {
    if (step.kind === 'audit') return this.log.appendSync(step.record);
    const statement = this.prepared(step.sql);
    const params = step.params as SQLInputValue[];
    if (step.kind === 'get') return statement.get(...params);
    if (step.kind === 'all') return statement.all(...params);
    return Number(statement.run(...params).changes);
  }

  private prepared(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Texts with a variable number of placeholders could grow the cache without end.
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
