import { AppError, type AccessStore } from '@haechi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresRunner } from './postgres/postgres-runner.js';
import { PostgresAuditLog } from './postgres/postgres-audit-log.js';
import { SqliteRunner } from './sqlite/sqlite-runner.js';
import { SqlAccessStore } from './stores/access-store.js';
import { SqliteAuditLog } from './sqlite/sqlite-audit-log.js';
import { BACKENDS } from './test-backends.js';

const AT = '2026-12-03T09:00:00.000Z';
const meta = { at: AT, actor: 'user:1' };

describe.each(BACKENDS)('the access store on $name', (backend) => {
  let store: AccessStore;
  let auditCount: () => Promise<number>;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    const c = opened.connection;
    store =
      c.kind === 'sqlite'
        ? new SqlAccessStore(new SqliteRunner(c.db), () => undefined)
        : new SqlAccessStore(new PostgresRunner(c.pool), () => undefined);
    const audit = c.kind === 'sqlite' ? new SqliteAuditLog(c.db) : new PostgresAuditLog(c.pool);
    auditCount = async () => (await audit.list({ afterSeq: 0, limit: 1000 })).length;
  });
  afterEach(() => dispose());

  it('keeps organisations, people, keys and sessions, with unique names and an audit entry each', async () => {
    const org = await store.createOrg(
      {
        name: 'alpha',
        kind: 'platform',
        jurisdiction: 'KR',
        subscriptions: ['*'],
        policy: {},
        createdAt: AT,
      },
      'user:1',
    );
    expect(org).toEqual({
      id: 1,
      name: 'alpha',
      kind: 'platform',
      jurisdiction: 'KR',
      subscriptions: ['*'],
      policy: {},
      createdAt: AT,
    });
    await expect(
      store.createOrg({
        name: 'alpha',
        kind: 'platform',
        jurisdiction: 'KR',
        subscriptions: [],
        policy: {},
        createdAt: AT,
      }),
    ).rejects.toThrow(new AppError('org_exists', 'an organisation named "alpha" already exists'));
    expect(await store.getOrgByName('alpha')).toEqual(org);
    const updated = await store.updateOrg(
      org.id,
      { subscriptions: ['confirmed'], policy: { disabledRules: ['x'] } },
      meta,
    );
    expect([updated.subscriptions, updated.policy]).toEqual([
      ['confirmed'],
      { disabledRules: ['x'] },
    ]);
    await expect(store.updateOrg(99, { subscriptions: [] }, meta)).rejects.toThrow(
      'no organisation with id 99',
    );

    const user = await store.createUser(
      {
        orgId: org.id,
        email: 'a@alpha.example',
        displayName: 'A',
        role: 'platform',
        passwordHash: 'h',
        createdAt: AT,
      },
      'user:1',
    );
    await expect(
      store.createUser({
        orgId: org.id,
        email: 'a@alpha.example',
        displayName: 'B',
        role: 'platform',
        passwordHash: 'h',
        createdAt: AT,
      }),
    ).rejects.toThrow(new AppError('user_exists', 'a user with this email already exists'));
    expect((await store.getUserByEmail('a@alpha.example'))?.id).toBe(user.id);
    expect((await store.listUsers(org.id)).map((u) => u.email)).toEqual(['a@alpha.example']);
    expect((await store.disableUser(org.id, user.id, meta))?.disabledAt).toBe(AT);
    expect(await store.disableUser(org.id, user.id, meta)).toBeNull();

    const key = await store.createApiKey({
      orgId: org.id,
      prefix: 'hk_abc',
      secretHash: 's',
      label: 'l',
      createdBy: 'user:1',
      createdAt: AT,
    });
    expect((await store.getApiKeyByPrefix('hk_abc'))?.id).toBe(key.id);
    expect(await store.revokeApiKey(2, key.id, AT)).toBeNull(); // another organisation's
    expect((await store.revokeApiKey(org.id, key.id, AT))?.revokedAt).toBe(AT);
    expect((await store.listApiKeys(org.id)).map((k) => k.revokedAt)).toEqual([AT]);

    await store.createSession({
      tokenHash: 't1',
      userId: user.id,
      createdAt: AT,
      expiresAt: '2026-12-04T00:00:00.000Z',
    });
    await store.revokeSession('t1', AT);
    expect(await store.getSession('t1')).toEqual({
      tokenHash: 't1',
      userId: user.id,
      createdAt: AT,
      expiresAt: '2026-12-04T00:00:00.000Z',
      revokedAt: AT,
    });
    // org.created, org.configured, user.created, user.disabled, api_key.issued, api_key.revoked
    expect(await auditCount()).toBe(6);

    // Enabled again: a session from before stays ended; she signs in anew.
    await store.createSession({
      tokenHash: 't2',
      userId: user.id,
      createdAt: AT,
      expiresAt: '2026-12-04T00:00:00.000Z',
    });
    expect(await store.enableUser(2, user.id, meta)).toBeNull(); // another organisation's
    expect((await store.enableUser(org.id, user.id, meta))?.disabledAt).toBeNull();
    expect(await store.enableUser(org.id, user.id, meta)).toBeNull(); // not disabled
    expect((await store.getSession('t2'))?.revokedAt).toBe(AT);
    expect(await auditCount()).toBe(7);
  });

  it('gives each domain to one platform, and keeps webhook settings', async () => {
    const a = await store.createOrg({
      name: 'a',
      kind: 'platform',
      jurisdiction: 'KR',
      subscriptions: ['*'],
      policy: {},
      createdAt: AT,
    });
    const b = await store.createOrg({
      name: 'b',
      kind: 'platform',
      jurisdiction: 'US',
      subscriptions: ['*'],
      policy: {},
      createdAt: AT,
    });
    await store.setPlatformDomains(a.id, ['a.example', 'cdn.a.example'], meta);
    await expect(store.setPlatformDomains(b.id, ['b.example', 'a.example'], meta)).rejects.toThrow(
      new AppError('domain_taken', 'a.example is registered to another platform'),
    );
    // The refused change left nothing behind.
    expect(await store.listPlatformDomains()).toEqual([
      { domain: 'a.example', orgId: a.id },
      { domain: 'cdn.a.example', orgId: a.id },
    ]);
    await store.setWebhookUrl(a.id, 'https://a.example/hook', meta);
    await store.setWebhookSecret(a.id, 'secret', AT, 'admin:1');
    expect([await store.getWebhookUrl(a.id), await store.getWebhookSecret(a.id)]).toEqual([
      'https://a.example/hook',
      'secret',
    ]);
    await expect(store.setWebhookUrl(99, null, meta)).rejects.toThrow('no organisation with id 99');
  });
});
