import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticate, login, logout } from './authenticate.js';
import { configurePlatform, createOrg, createUser, issueApiKey } from './manage-access.js';
import { hashPassword, verifyPassword } from './password-hash.js';

const AT = '2026-11-25T06:00:00.000Z';
const NOW = new Date(AT);
const PASSWORD = 'correct horse battery staple';
const META = { at: AT, actor: 'user:1' };

let dir: string;
let stores: EmbeddedStores;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-access-'));
  stores = openEmbeddedStores(dir);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('wrong horse battery staple', a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'md5$whatever')).toBe(false);
  });
});

describe('organisations and people', () => {
  it('refuses bad names, kinds, jurisdictions, roles, emails and weak passwords', async () => {
    await expect(
      createOrg(stores.access, { name: 'Bad Name', kind: 'platform', jurisdiction: 'KR', at: AT }),
    ).rejects.toThrow('invalid organisation name');
    await expect(
      createOrg(stores.access, { name: 'x', kind: 'bank', jurisdiction: 'KR', at: AT }),
    ).rejects.toThrow('unknown organisation kind "bank"');
    await expect(
      createOrg(stores.access, { name: 'x', kind: 'platform', jurisdiction: 'JP', at: AT }),
    ).rejects.toThrow('unknown jurisdiction "JP"; expected one of KR, US, AU, EU');
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    await expect(
      createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT }),
    ).rejects.toMatchObject({ code: 'org_exists' });
    const user = {
      org: 'kcsc',
      email: 'Reviewer@KCSC.example.kr',
      displayName: 'R',
      role: 'reviewer',
      password: PASSWORD,
      at: AT,
    };
    await expect(createUser(stores.access, { ...user, role: 'platform' })).rejects.toThrow(
      'a member of a regulator organisation can be reviewer or admin, not "platform"',
    );
    await expect(createUser(stores.access, { ...user, email: 'nope' })).rejects.toThrow(
      'not a valid email address',
    );
    await expect(createUser(stores.access, { ...user, password: 'short' })).rejects.toThrow(
      'a password needs at least 12 characters',
    );
    // Long is not enough: repeats, sequences, keyboard walks, common words and her own email.
    for (const password of [
      ' '.repeat(12),
      'a'.repeat(12),
      'abcdefghijkl',
      '123456789012',
      'qwertyuiopas',
      'password1234',
      'reviewer@kcsc.example.kr',
    ])
      await expect(createUser(stores.access, { ...user, password })).rejects.toThrow(
        'this password is too easy to guess',
      );
    const created = await createUser(stores.access, user);
    expect([created.email, created.role]).toEqual(['reviewer@kcsc.example.kr', 'reviewer']);
    await expect(createUser(stores.access, user)).rejects.toMatchObject({ code: 'user_exists' });
  });
});

describe('API keys and sessions', () => {
  it('authenticates a platform key until it is revoked, and keys are for platforms only', async () => {
    const platform = await createOrg(stores.access, {
      name: 'webtoon',
      kind: 'platform',
      jurisdiction: 'KR',
      at: AT,
    });
    const { key, record } = await issueApiKey(stores.access, {
      orgId: platform.id,
      label: 'upload screening',
      createdBy: 'admin',
      at: AT,
    });
    expect(key).toMatch(/^hk_[a-z2-7]{12}_[\w-]{43}$/);
    expect(record.secretHash).not.toContain(key.slice(16));
    expect(await authenticate(stores.access, key, NOW)).toEqual({
      kind: 'api_key',
      orgId: platform.id,
      role: 'platform',
      actor: `key:${record.prefix}`,
      keyId: record.id,
    });
    const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    await expect(authenticate(stores.access, forged, NOW)).rejects.toThrow(
      'a valid API key or session token is required',
    );
    await stores.access.revokeApiKey(platform.id, record.id, AT);
    await expect(authenticate(stores.access, key, NOW)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    const regulator = await createOrg(stores.access, {
      name: 'kcsc',
      kind: 'regulator',
      jurisdiction: 'KR',
      at: AT,
    });
    await expect(
      issueApiKey(stores.access, { orgId: regulator.id, label: 'x', createdBy: 'a', at: AT }),
    ).rejects.toThrow('API keys are for platforms; "kcsc" is a regulator');
  });

  it('signs people in, expires and revokes sessions, and says the same for wrong email or password', async () => {
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    const user = await createUser(stores.access, {
      org: 'kcsc',
      email: 'r@kcsc.example.kr',
      displayName: 'R',
      role: 'reviewer',
      password: PASSWORD,
      at: AT,
    });
    await expect(
      login(stores.access, { email: 'r@kcsc.example.kr', password: 'wrong password!!' }, NOW),
    ).rejects.toThrow('wrong email or password');
    await expect(
      login(stores.access, { email: 'nobody@x.example', password: PASSWORD }, NOW),
    ).rejects.toThrow('wrong email or password');
    const session = await login(
      stores.access,
      { email: 'R@kcsc.example.kr', password: PASSWORD },
      NOW,
    );
    expect(session.expiresAt).toBe('2026-11-25T18:00:00.000Z');
    expect(await authenticate(stores.access, session.token, NOW)).toMatchObject({
      kind: 'user',
      role: 'reviewer',
      actor: `user:${user.id}`,
    });
    await expect(
      authenticate(stores.access, session.token, new Date('2026-11-25T18:00:00.000Z')),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
    await logout(stores.access, session.token, NOW);
    await expect(authenticate(stores.access, session.token, NOW)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(authenticate(stores.access, undefined, NOW)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('validates a platform policy before storing it', async () => {
    const platform = await createOrg(stores.access, {
      name: 'p',
      kind: 'platform',
      jurisdiction: 'US',
      at: AT,
    });
    await expect(
      configurePlatform(stores.access, platform.id, { policy: { disabledRules: ['nope'] } }, META),
    ).rejects.toThrow('platform policy disables unknown rule "nope"');
    await expect(
      configurePlatform(stores.access, platform.id, { subscriptions: ['confirmed'] }, META),
    ).rejects.toThrow(
      `subscriptions: the ${platform.jurisdiction} jurisdiction requires victim-reported; a platform cannot leave them out`,
    );
    const updated = await configurePlatform(
      stores.access,
      platform.id,
      {
        subscriptions: ['confirmed', 'victim-reported'],
        policy: { disabledRules: ['suspected-match'] },
      },
      META,
    );
    expect([updated.subscriptions, updated.policy]).toEqual([
      ['confirmed', 'victim-reported'],
      { disabledRules: ['suspected-match'] },
    ]);
  });
});
