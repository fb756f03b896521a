// Evidence for the police through its routes, in process on the whole composed server: a notice the
// regulator upholds fixes an evidence record; an investigator lists and reads it and exports a
// signed bundle that verifies offline against the instance's pinned key, and a changed byte fails.
import { createOrg, createUser, issueApiKey, setPlatformDomains } from '@haechi/access';
import { verifyEvidenceBundle } from '@haechi/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a staff passphrase here';
type Body = Record<string, unknown>;

describe('evidence routes', () => {
  let harness: ServerForTests<{ siteKey: string }>;
  let investigator = '';
  let reviewer = '';
  let noticeId = 0;
  let recordId = '';
  const call = (method: string, path: string, token: string, body?: unknown) =>
    harness.call(method, path, token, body);

  beforeAll(async () => {
    harness = await serverForTests(async (stores) => {
      const site = await createOrg(stores.access, {
        name: 'site',
        kind: 'platform',
        jurisdiction: 'KR',
        at: AT,
      });
      await setPlatformDomains(stores.access, site.id, ['site.example'], { at: AT, actor: 't' });
      await createOrg(stores.access, {
        name: 'kcsc',
        kind: 'regulator',
        jurisdiction: 'KR',
        at: AT,
      });
      await createOrg(stores.access, { name: 'knpa', kind: 'police', jurisdiction: 'KR', at: AT });
      for (const [org, role] of [
        ['kcsc', 'reviewer'],
        ['knpa', 'investigator'],
      ] as const)
        await createUser(stores.access, {
          org,
          email: `${role}@${org}.example`,
          displayName: role,
          role,
          password: PASSPHRASE,
          at: AT,
        });
      const { key } = await issueApiKey(stores.access, {
        orgId: site.id,
        label: 'k',
        createdBy: 't',
        at: AT,
      });
      return { siteKey: key };
    });
    reviewer = await harness.signIn('reviewer@kcsc.example', PASSPHRASE);
    investigator = await harness.signIn('investigator@knpa.example', PASSPHRASE);
    // A notice disputed by its platform and upheld by the regulator: evidence is fixed.
    const opened = await harness.call('POST', '/v1/cases', null, {
      passphrase: 'my own long passphrase',
      urls: ['https://site.example/p/5'],
    });
    noticeId = (opened.body['status'] as { notices: Array<{ id: number }> }).notices[0]?.id ?? 0;
    await call('POST', `/v1/notices/${noticeId}/dispute`, harness.seeded.siteKey, {
      reason: 'we think it is satire',
    });
    const [item] = (await call('GET', '/v1/review', reviewer)).body['items'] as Body[];
    await call('POST', `/v1/review/${item?.['id'] as number}/decide`, reviewer, {
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
    });
  });
  afterAll(() => harness?.close());

  it('lists the record fixed when the regulator upheld the notice, for investigators only', async () => {
    const listed = await call('GET', '/v1/evidence', investigator);
    expect(listed.status).toBe(200);
    const records = listed.body['records'] as Body[];
    expect(records.map((r) => [r['subjectType'], r['subjectId'], r['reason']])).toEqual([
      ['notice', String(noticeId), 'notice_upheld'],
    ]);
    recordId = records[0]?.['id'] as string;
    const one = await call('GET', `/v1/evidence/${recordId}`, investigator);
    expect(one.body).toMatchObject({ id: recordId, hasMedia: false });
    expect(one.body['factsDigest']).toMatch(/^[0-9a-f]{64}$/);
    expect((await call('GET', '/v1/evidence', reviewer)).status).toBe(403);
    expect((await call('GET', '/v1/evidence', harness.seeded.siteKey)).status).toBe(403);
  });

  it('exports a signed bundle that verifies against the pinned key, and fails when changed', async () => {
    const key = await call('GET', '/v1/evidence-signing-key', investigator);
    const pem = key.body['publicKeyPem'] as string;
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const response = await harness.server.app.request(`/v1/evidence/${recordId}/bundle`, {
      headers: { authorization: `Bearer ${investigator}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zip = new Uint8Array(await response.arrayBuffer());
    const verdict = verifyEvidenceBundle(zip, { trustedPublicKeyPem: pem });
    expect(verdict).toMatchObject({
      ok: true,
      recordId,
      signingKeyFingerprint: key.body['fingerprint'],
    });
    const tampered = zip.slice();
    tampered[Math.floor(tampered.length / 2)] ^= 0xff;
    expect(verifyEvidenceBundle(tampered, { trustedPublicKeyPem: pem }).ok).toBe(false);
  });
});
