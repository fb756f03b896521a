import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as access from '@haechi/access';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { CaseService, type CaseServiceDeps } from './case-service.js';

vi.mock('@haechi/access', async (original) => {
  const real = await original<typeof access>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

let dir: string;
let stores: EmbeddedStores;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-sign-in-'));
  stores = openEmbeddedStores(dir);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a victim's sign-in", () => {
  it('checks a passphrase hash for an unknown code too, so its time does not tell that the code is unknown', async () => {
    const now = () => new Date('2026-12-04T09:00:00.000Z');
    // Sign-in reads only the cases and the limiter: the rest of the service is not involved.
    const service = new CaseService({
      cases: stores.cases,
      signInLimiter: new AttemptLimiter({ store: stores.attempts, windowMs: 900_000, now }),
      now,
    } as unknown as CaseServiceDeps);
    const verify = vi.mocked(access.verifyPassword);
    verify.mockClear();
    await expect(
      service.authenticateVictim('HC-ZZZZ-ZZZZ', 'some long passphrase', '203.0.113.9'),
    ).rejects.toThrow('wrong case code or passphrase');
    await expect(
      service.authenticateVictim('not a code', 'some long passphrase', '203.0.113.9'),
    ).rejects.toThrow('wrong case code or passphrase');
    expect(verify.mock.calls).toEqual([
      ['some long passphrase', access.UNKNOWN_ACCOUNT_HASH],
      ['some long passphrase', access.UNKNOWN_ACCOUNT_HASH],
    ]);
  });
});
