import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the database settings', () => {
  it('are the embedded store without DATABASE_URL, and PostgreSQL with its limits with it', () => {
    expect(loadConfig({}).database).toBeNull();
    expect(loadConfig({ DATABASE_URL: '' }).database).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://db.internal/haechi' }).database).toEqual({
      url: 'postgres://db.internal/haechi',
      schema: null,
      poolSize: 10,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
    });
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://db.internal/haechi',
        HAECHI_DATABASE_SCHEMA: 'haechi_kr',
        HAECHI_DATABASE_POOL_SIZE: '40',
        HAECHI_DATABASE_CONNECT_TIMEOUT_MS: '2000',
        HAECHI_DATABASE_STATEMENT_TIMEOUT_MS: '10000',
      }).database,
    ).toMatchObject({
      schema: 'haechi_kr',
      poolSize: 40,
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 10_000,
    });
  });

  it('refuses values that would break the pool, naming the setting', () => {
    for (const [name, value, message] of [
      ['HAECHI_DATABASE_POOL_SIZE', '0', 'HAECHI_DATABASE_POOL_SIZE:'],
      ['HAECHI_DATABASE_CONNECT_TIMEOUT_MS', '5', 'HAECHI_DATABASE_CONNECT_TIMEOUT_MS:'],
      [
        'HAECHI_DATABASE_SCHEMA',
        'Robert; DROP',
        'HAECHI_DATABASE_SCHEMA: a lower-case SQL identifier',
      ],
    ] as const)
      expect(() => loadConfig({ DATABASE_URL: 'postgres://db/h', [name]: value })).toThrow(
        `configuration: ${message}`,
      );
  });
});

describe('the simulated clock (HAECHI_CLOCK_RATE)', () => {
  it('is real time by default, faster when asked, and refused in production', () => {
    expect(loadConfig({}).clockRate).toBe(1);
    expect(loadConfig({ HAECHI_CLOCK_RATE: '60' }).clockRate).toBe(60);
    expect(() => loadConfig({ HAECHI_CLOCK_RATE: '0' })).toThrow(
      /^configuration: HAECHI_CLOCK_RATE:/,
    );
    expect(() => loadConfig({ HAECHI_CLOCK_RATE: '60', NODE_ENV: 'production' })).toThrow(
      'configuration: HAECHI_CLOCK_RATE: a simulated clock is for demos and tests; it is refused when NODE_ENV=production',
    );
    expect(loadConfig({ HAECHI_CLOCK_RATE: '1', NODE_ENV: 'production' }).clockRate).toBe(1);
  });
});
