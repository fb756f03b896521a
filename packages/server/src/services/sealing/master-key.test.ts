import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSealer } from './master-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the master key', () => {
  it('is never generated beside the database in production', () => {
    expect(() => loadSealer(dir, { required: true })).toThrow(
      'HAECHI_MASTER_KEY is required in production (NODE_ENV=production)',
    );
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
    expect(loadSealer(dir, { current: 'ab'.repeat(32), required: true }).generatedKeyFile).toBe(
      null,
    );
  });

  it('is generated once, private, for the quick start, and the caller is told', () => {
    const first = loadSealer(dir, {});
    expect(first.generatedKeyFile).toBe(join(dir, 'master.key'));
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    const again = loadSealer(dir, {});
    expect(again.sealer.currentKeyId).toBe(first.sealer.currentKeyId);
  });
});
