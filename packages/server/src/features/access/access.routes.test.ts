// Signing in and out, the caller and a platform's keys, in process (app.request()) on a real store:
// what each caller is told, and that one platform's keys do not exist for another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests, callJson } from '../../http/app-for-tests.js';
import { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { SIGN_IN_WINDOW_MS } from '../../services/limits/sign-in-limits.js';
import { accessFeature } from './access.feature.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a reviewer passphrase';

describe('access routes', () => {
  let dir: string;
  let stores: EmbeddedStores;
  let app: ReturnType<typeof appForTests>;
  let platformA = 0;
  let keyA = '';
  let keyB = '';

  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    callJson(app, method, path, token, body);
  const signIn = (email: string, password: string) =>
    call('POST', '/v1/auth/login', null, { email, password });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-access-routes-'));
    stores = openEmbeddedStores(dir);
    const now = () => new Date();
    platformA = (
      await createOrg(stores.access, { name: 'pa', kind: 'platform', jurisdiction: 'KR', at: AT })
    ).id;
    const platformB = await createOrg(stores.access, {
      name: 'pb',
      kind: 'platform',
      jurisdiction: 'US',
      at: AT,
    });
    keyA = (
      await issueApiKey(stores.access, { orgId: platformA, label: 'a', createdBy: 't', at: AT })
    ).key;
    keyB = (
      await issueApiKey(stores.access, { orgId: platformB.id, label: 'b', createdBy: 't', at: AT })
    ).key;
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    await createUser(stores.access, {
      org: 'kcsc',
      email: 'r@kcsc.example',
      displayName: 'R',
      role: 'reviewer',
      password: PASSPHRASE,
      at: AT,
    });
    app = appForTests(
      [
        accessFeature({
          access: stores.access,
          banks: stores.banks,
          screenings: stores.screenings,
          signInLimiter: new AttemptLimiter({
            store: stores.attempts,
            windowMs: SIGN_IN_WINDOW_MS,
            now,
          }),
          trustProxy: false,
          now,
        }),
      ],
      { access: stores.access },
    );
  });
  afterAll(async () => {
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a person in, says who she is, and ends the session on logout', async () => {
    const session = await signIn('r@kcsc.example', PASSPHRASE);
    expect(session.status).toBe(200);
    const { token } = session.body as { token: string; expiresAt: string };
    expect(token).toMatch(/^hs_[A-Za-z0-9_-]{43}$/);
    const me = await call('GET', '/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', role: 'reviewer', actor: 'user:1' });
    expect(await call('POST', '/v1/auth/logout', token)).toEqual({ status: 204, body: null });
    expect(await call('GET', '/v1/me', token)).toEqual({
      status: 401,
      body: {
        error: { code: 'unauthenticated', message: 'a valid API key or session token is required' },
      },
    });
  });

  it('answers a wrong passphrase and an unknown account alike, and an extra field with 400', async () => {
    const wrong = await signIn('r@kcsc.example', 'not the passphrase');
    const unknown = await signIn('nobody@kcsc.example', PASSPHRASE);
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'wrong email or password' } },
    });
    expect(unknown).toEqual(wrong);
    const extra = await call('POST', '/v1/auth/login', null, {
      email: 'r@kcsc.example',
      password: PASSPHRASE,
      role: 'admin',
    });
    expect(extra.status).toBe(400);
    expect((extra.body as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('refuses to "log out" an API key, which must be revoked instead', async () => {
    expect(await call('POST', '/v1/auth/logout', keyA)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'this is an API key, not a session: revoke it instead (DELETE /v1/keys/{id})',
        },
      },
    });
    expect((await call('GET', '/v1/me', keyA)).status).toBe(200);
  });

  it("issues, lists and revokes a platform's own keys; another's do not exist for it", async () => {
    const issued = await call('POST', '/v1/keys', keyA, { label: 'uploads' });
    expect(issued.status).toBe(201);
    const { key, record } = issued.body as { key: string; record: { id: number; label: string } };
    expect(record.label).toBe('uploads');
    expect((await call('GET', '/v1/me', key)).body).toMatchObject({
      kind: 'api_key',
      orgId: platformA,
      role: 'platform',
    });

    const listed = (await call('GET', '/v1/keys', keyA)).body as { keys: Array<{ id: number }> };
    expect(listed.keys.map((k) => k.id)).toContain(record.id);
    expect(JSON.stringify(listed)).not.toContain(key);
    const othersList = (await call('GET', '/v1/keys', keyB)).body as {
      keys: Array<{ id: number }>;
    };
    expect(othersList.keys.map((k) => k.id)).not.toContain(record.id);

    expect(await call('DELETE', `/v1/keys/${record.id}`, keyB)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no such active key' } },
    });
    expect((await call('GET', '/v1/me', key)).status).toBe(200);

    const revoked = await call('DELETE', `/v1/keys/${record.id}`, keyA);
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await call('GET', '/v1/me', key)).status).toBe(401);
    expect((await call('DELETE', `/v1/keys/${record.id}`, keyA)).status).toBe(404);
  });

  it('keeps keys to platforms: a signed-in reviewer is refused', async () => {
    const { token } = (await signIn('r@kcsc.example', PASSPHRASE)).body as { token: string };
    const refused = await call('GET', '/v1/keys', token);
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await call('POST', '/v1/keys', token, { label: 'x' })).status).toBe(403);
  });

  it('shows an organisation itself, and lets a platform choose its banks among those that exist', async () => {
    const own = await call('GET', '/v1/org', keyA);
    expect(own).toEqual({
      status: 200,
      body: {
        name: 'pa',
        kind: 'platform',
        jurisdiction: 'KR',
        takedownHours: 24,
        subscriptions: ['*'],
        requiredBanks: ['confirmed', 'victim-reported'],
        domains: [],
      },
    });
    expect(await call('PUT', '/v1/org/subscriptions', keyA, { subscriptions: ['nope'] })).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'subscriptions: no bank named "nope"' } },
    });
    expect(
      await call('PUT', '/v1/org/subscriptions', keyA, { subscriptions: ['victim-reported'] }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message:
            'subscriptions: the KR jurisdiction requires confirmed; a platform cannot leave them out',
        },
      },
    });
    const chosen = await call('PUT', '/v1/org/subscriptions', keyA, {
      subscriptions: ['victim-reported', 'confirmed', 'victim-reported'],
    });
    expect((chosen.body as { subscriptions: string[] }).subscriptions).toEqual([
      'victim-reported',
      'confirmed',
    ]);
    const all = await call('PUT', '/v1/org/subscriptions', keyA, {
      subscriptions: ['confirmed', '*'],
    });
    expect((all.body as { subscriptions: string[] }).subscriptions).toEqual(['*']);
  });

  it("lists a platform's own screenings, newest first, with the rules that fired", async () => {
    const [b] = (await stores.access.listOrgs()).filter((o) => o.name === 'pb');
    for (const [id, orgId, at] of [
      ['scr_a1', platformA, '2026-12-05T10:00:00.000Z'],
      ['scr_b1', b?.id ?? 0, '2026-12-05T10:30:00.000Z'],
      ['scr_a2', platformA, '2026-12-05T11:00:00.000Z'],
    ] as const)
      await stores.screenings.saveScreening({
        id,
        orgId,
        contentId: `post-${id}`,
        url: null,
        verdict: 'hold',
        mediaKind: 'hashes',
        status: 'pending_review',
        evidence: {
          reasons: [{ rule: 'suspected-match', description: 'a suspected bank', verdict: 'hold' }],
        },
        createdAt: at,
      });
    const log = await call('GET', '/v1/screenings?limit=10', keyA);
    expect(log.status).toBe(200);
    const lines = (log.body as { screenings: Array<{ id: string; rules: string[] }> }).screenings;
    expect(lines.map((l) => [l.id, l.rules])).toEqual([
      ['scr_a2', ['suspected-match']],
      ['scr_a1', ['suspected-match']],
    ]);
    const older = await call('GET', '/v1/screenings?before=2026-12-05T11:00:00.000Z', keyA);
    expect(
      (older.body as { screenings: Array<{ id: string }> }).screenings.map((l) => l.id),
    ).toEqual(['scr_a1']);
  });

  it('locks an account out from one address after five failures, and says when to retry', async () => {
    await createUser(stores.access, {
      org: 'kcsc',
      email: 'locked@kcsc.example',
      displayName: 'L',
      role: 'reviewer',
      password: PASSPHRASE,
      at: AT,
    });
    for (let i = 0; i < 5; i++)
      expect((await signIn('locked@kcsc.example', 'wrong')).status).toBe(401);
    const limited = await signIn('locked@kcsc.example', PASSPHRASE);
    expect(limited.status).toBe(429);
    expect((limited.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/^too many attempts; try again in \d+ s$/) as string,
    });
  });
});
