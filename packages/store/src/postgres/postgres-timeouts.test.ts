import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './postgres-errors.js';
import { openPostgresPool } from './postgres-pool.js';

const DATABASE_URL = process.env['DATABASE_URL'];

describe('a database that does not answer in time', () => {
  // Accepts connections and never says a word: a hung server, or a partition that swallows packets.
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  it('gives up connecting after the connect timeout, as unavailable', async () => {
    const port = (silent.address() as { port: number }).port;
    const pool = openPostgresPool(`postgres://haechi@127.0.0.1:${port}/haechi`, {
      connectTimeoutMs: 300,
    });
    // The server accepts and never answers: without the timeout this would wait for ever.
    const error = await pool.query('SELECT 1').catch((e: unknown) => e);
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect((error as Error).message).toMatch(/timeout/i);
  });

  it.skipIf(!DATABASE_URL)(
    'cancels a statement past the statement timeout, as unavailable',
    async () => {
      const pool = openPostgresPool(DATABASE_URL as string, { statementTimeoutMs: 200 });
      const error = await pool.query('SELECT pg_sleep(2)').catch((e: unknown) => e);
      const fine = await pool.query<{ n: number }>('SELECT 1 AS n');
      await pool.end();
      expect((error as { code?: string }).code).toBe('57014');
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(fine.rows).toEqual([{ n: 1 }]);
    },
  );
});
