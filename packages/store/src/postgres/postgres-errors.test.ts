import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUnstorableText } from './postgres-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('telling a database that went away from a failed statement', () => {
  it('counts lost connections, refused connections and shutdowns as unavailable', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('sorry, too many clients already', '53300'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      withCode('canceling statement due to statement timeout', '57014'),
      new Error('Client has encountered a connection error and is not queryable'),
    ])
      expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('does not excuse a wrong statement, a broken constraint or a non-error', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "SELEC"', '42601'),
      withCode('the audit log is append-only', 'P0001'),
      new TypeError('cannot read properties of undefined'),
      'Connection terminated unexpectedly',
      null,
    ])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is NUL or bytes that are not UTF-8, and nothing else', () => {
    expect(
      isUnstorableText(withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021')),
    ).toBe(true);
    expect(isUnstorableText(withCode('unsupported Unicode escape sequence', '22P05'))).toBe(true);
    expect(isUnstorableText(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isUnstorableText(new Error('22021'))).toBe(false);
  });
});
