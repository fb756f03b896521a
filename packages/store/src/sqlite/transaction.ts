import type { DatabaseSync } from 'node:sqlite';

let savepoints = 0;

/**
 * Runs `work` all-or-nothing. Alone it opens with BEGIN IMMEDIATE, taking the write lock before
 * the first read, so two processes never both read a head and then race to write after it; inside
 * a caller's transaction it is a savepoint, so its failure undoes only its own part.
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    const name = `haechi_${++savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    }
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite ends the transaction itself on some errors (a full disk, say): nothing to undo then.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
