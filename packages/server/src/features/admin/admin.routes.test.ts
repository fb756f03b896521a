// The operator's administration in process (app.request()) on a real store: organisations, their
// people and keys, a platform's settings validated before anything changes, the master key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, login } from '@haechi/access';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests, callJson } from '../../http/app-for-tests.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { adminFeature } from './admin.feature.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'an operator passphrase';

type Body = Record<string, unknown>;

describe('admin routes', () => {
  let dir: string;
  let stores: EmbeddedStores;
  let app: ReturnType<typeof appForTests>;
  let admin = '';
  let reviewer = '';
  let adminUserId = 0;
  const orgIds: Record<string, number> = {};

  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    callJson(app, method, path, token, body);
  const refusal = (status: number, code: string, message: string) => ({
    status,
    body: { error: { code, message } },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-admin-routes-'));
    stores = openEmbeddedStores(dir);
    await createOrg(stores.access, { name: 'ops', kind: 'operator', jurisdiction: 'KR', at: AT });
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    adminUserId = (
      await createUser(stores.access, {
        org: 'ops',
        email: 'admin@ops.example',
        displayName: 'Admin',
        role: 'admin',
        password: PASSPHRASE,
        at: AT,
      })
    ).id;
    await createUser(stores.access, {
      org: 'kcsc',
      email: 'r@kcsc.example',
      displayName: 'R',
      role: 'reviewer',
      password: PASSPHRASE,
      at: AT,
    });
    const signIn = async (email: string) =>
      (await login(stores.access, { email, password: PASSPHRASE }, new Date())).token;
    admin = await signIn('admin@ops.example');
    reviewer = await signIn('r@kcsc.example');
    const now = () => new Date();
    app = appForTests(
      [
        adminFeature({
          access: stores.access,
          sealed: stores.sealed,
          audit: stores.audit,
          sealer: new Sealer(randomBytes(32)),
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

  it('adds organisations; only a platform names domains, and a name is taken once', async () => {
    const site = await call('POST', '/v1/admin/orgs', admin, {
      name: 'site',
      kind: 'platform',
      jurisdiction: 'KR',
      domains: ['Site.example', 'cdn.site.example'],
    });
    expect(site.status).toBe(201);
    expect(site.body).toMatchObject({
      name: 'site',
      kind: 'platform',
      jurisdiction: 'KR',
      domains: ['cdn.site.example', 'site.example'],
    });
    orgIds['site'] = site.body['id'] as number;
    expect(
      await call('POST', '/v1/admin/orgs', admin, {
        name: 'dsc',
        kind: 'support_center',
        jurisdiction: 'KR',
        domains: ['dsc.example'],
      }),
    ).toEqual(refusal(400, 'invalid_input', 'domains: only a platform hosts content'));
    const center = await call('POST', '/v1/admin/orgs', admin, {
      name: 'dsc',
      kind: 'support_center',
      jurisdiction: 'KR',
    });
    expect(center.status).toBe(201);
    orgIds['dsc'] = center.body['id'] as number;
    const again = await call('POST', '/v1/admin/orgs', admin, {
      name: 'site',
      kind: 'platform',
      jurisdiction: 'US',
    });
    expect(again.status).toBe(409);
    const listed = await call('GET', '/v1/admin/orgs', admin);
    expect((listed.body['orgs'] as Body[]).map((o) => o['name'])).toEqual([
      'dsc',
      'kcsc',
      'ops',
      'site',
    ]);
  });

  it("validates a platform's settings before changing any of them", async () => {
    const path = `/v1/admin/orgs/${orgIds['site']}`;
    const bad = await call('PUT', path, admin, {
      domains: ['other.example'],
      policy: { rules: 'not a list' },
    });
    expect(bad.status).toBe(400);
    const unchanged = await call('GET', '/v1/admin/orgs', admin);
    const site = (unchanged.body['orgs'] as Body[]).find((o) => o['name'] === 'site');
    expect(site?.['domains']).toEqual(['cdn.site.example', 'site.example']);

    const changed = await call('PUT', path, admin, { domains: ['site.example'] });
    expect(changed.status).toBe(200);
    expect(changed.body['domains']).toEqual(['site.example']);
    expect(
      await call('PUT', `/v1/admin/orgs/${orgIds['dsc']}`, admin, { domains: ['dsc.example'] }),
    ).toEqual(refusal(400, 'invalid_input', '"dsc" is a support_center, not a platform'));
    expect(await call('PUT', '/v1/admin/orgs/999', admin, { domains: [] })).toEqual(
      refusal(404, 'org_not_found', 'no organisation with id 999'),
    );
  });

  it('adds people only with a role their organisation can hold, and disables and enables them', async () => {
    const base = `/v1/admin/orgs/${orgIds['dsc']}/users`;
    const person = {
      email: 'c@dsc.example',
      displayName: 'Counsellor',
      password: 'a counsellor passphrase',
    };
    const wrongRole = await call('POST', base, admin, { ...person, role: 'reviewer' });
    expect(wrongRole.status).toBe(400);
    expect((wrongRole.body['error'] as Body)['code']).toBe('invalid_input');
    const added = await call('POST', base, admin, { ...person, role: 'counsellor' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: 'c@dsc.example', role: 'counsellor' });
    expect(JSON.stringify(added.body)).not.toContain('passphrase');
    const id = added.body['id'] as number;

    expect((await call('POST', `${base}/${id}/disable`, admin)).body['disabledAt']).not.toBeNull();
    expect(await call('POST', `${base}/${id}/disable`, admin)).toEqual(
      refusal(404, 'not_found', 'no such enabled person in this organisation'),
    );
    expect((await call('POST', `${base}/${id}/enable`, admin)).body['disabledAt']).toBeNull();
    expect(
      await call('POST', `/v1/admin/orgs/${orgIds['site']}/users/${id}/enable`, admin),
    ).toEqual(refusal(404, 'not_found', 'no such disabled person in this organisation'));
    const ops = (await stores.access.getOrgByName('ops'))?.id ?? 0;
    expect(await call('POST', `/v1/admin/orgs/${ops}/users/${adminUserId}/disable`, admin)).toEqual(
      refusal(400, 'invalid_input', 'you cannot disable yourself'),
    );
  });

  it("issues and revokes a platform's keys, the secret shown once", async () => {
    const base = `/v1/admin/orgs/${orgIds['site']}/keys`;
    const issued = await call('POST', base, admin, { label: 'uploads' });
    expect(issued.status).toBe(201);
    const id = (issued.body['record'] as Body)['id'] as number;
    const listed = await call('GET', base, admin);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body['key'] as string);
    expect((await call('DELETE', `${base}/${id}`, admin)).body['revokedAt']).not.toBeNull();
    expect(await call('DELETE', `${base}/${id}`, admin)).toEqual(
      refusal(404, 'not_found', 'no such active key'),
    );
  });

  it('lists the jurisdictions with their deadlines, and re-seals under the current key', async () => {
    const jurisdictions = await call('GET', '/v1/admin/jurisdictions', admin);
    expect(jurisdictions.status).toBe(200);
    expect(JSON.stringify(jurisdictions.body)).toContain('"takedownHours":24');
    const resealed = await call('POST', '/v1/admin/master-key/reseal', admin);
    expect(resealed.status).toBe(200);
    expect(resealed.body).toMatchObject({ alreadyCurrent: 0, unreadable: {} });
    expect(resealed.body['keyId']).toMatch(/^[0-9a-f]{8}$/);
  });

  it('is for administrators only', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/orgs'],
      ['GET', '/v1/admin/jurisdictions'],
      ['POST', '/v1/admin/master-key/reseal'],
    ] as const)
      expect(await call(method, path, reviewer)).toEqual(
        refusal(403, 'forbidden', 'this needs the role admin'),
      );
  });
});
