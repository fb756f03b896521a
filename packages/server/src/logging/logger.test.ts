import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the logger', () => {
  it('writes an error as its type, code, message and stack, never what a library hung on it', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    const error = Object.assign(new Error('Connection terminated unexpectedly'), {
      code: 'ECONNRESET',
      client: { connectionParameters: { host: 'db.internal', user: 'haechi' } },
      body: 'a victim’s contact details',
    });
    logger.warn({ msg: 'a database connection was closed', err: error, password: 'hunter2' });
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'a database connection was closed',
      err: { type: 'Error', code: 'ECONNRESET', message: 'Connection terminated unexpectedly' },
    });
    expect(Object.keys(line['err'] as object).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(JSON.stringify(line)).not.toMatch(/db\.internal|victim|hunter2/);
  });
});
