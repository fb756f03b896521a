// The task force's figures through their routes, in process on the whole composed server: the
// notices sent and disputed, per platform, and the regulator's decisions as statements of reasons,
// from what the other features really did; ranges checked; aggregates for their roles only.
import { createOrg, createUser, issueApiKey, setPlatformDomains } from '@haechi/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a staff passphrase here';
const DAY_MS = 86_400_000;
type Body = Record<string, unknown>;

describe('oversight routes', () => {
  let harness: ServerForTests<{ siteKey: string }>;
  let analyst = '';
  let reviewer = '';
  let range = '';
  const call = (method: string, path: string, token: string) => harness.call(method, path, token);

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
      await createOrg(stores.access, {
        name: 'taskforce',
        kind: 'government',
        jurisdiction: 'KR',
        at: AT,
      });
      for (const [org, role] of [
        ['kcsc', 'reviewer'],
        ['taskforce', 'analyst'],
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
    analyst = await harness.signIn('analyst@taskforce.example', PASSPHRASE);
    const opened = await harness.call('POST', '/v1/cases', null, {
      passphrase: 'my own long passphrase',
      urls: ['https://site.example/p/1', 'https://site.example/p/2'],
    });
    const [first] = (opened.body['status'] as { notices: Array<{ id: number }> }).notices;
    await harness.call('POST', `/v1/notices/${first?.id}/dispute`, harness.seeded.siteKey, {
      reason: 'we think it is satire',
    });
    const [item] = (await call('GET', '/v1/review', reviewer)).body['items'] as Body[];
    await harness.call('POST', `/v1/review/${item?.['id'] as number}/decide`, reviewer, {
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
    });
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    range = `from=${new Date(today - DAY_MS).toISOString()}&to=${new Date(today + DAY_MS).toISOString()}`;
  });
  afterAll(() => harness?.close());

  it('counts the notices sent and disputed, per platform', async () => {
    const metrics = await call('GET', `/v1/metrics?${range}`, analyst);
    expect(metrics.status).toBe(200);
    expect(metrics.body['notices']).toMatchObject({ sent: 2, removed: 0, disputed: 1 });
    expect(metrics.body['platforms']).toEqual([
      expect.objectContaining({ platform: 'site', notices: 2, removed: 0 }),
    ]);
  });

  it("reports the regulator's decision as a statement of reasons, in JSON and CSV", async () => {
    const report = await call('GET', `/v1/reports/transparency?${range}`, reviewer);
    expect(report.status).toBe(200);
    const decisions = report.body['decisions'] as Body[];
    expect(decisions).toHaveLength(1);
    expect(JSON.stringify(decisions[0])).toContain('sexual_deepfake');
    const csv = await harness.server.app.request(`/v1/reports/transparency?${range}&format=csv`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('sexual_deepfake');
  });

  it('checks the range, and gives the figures to their roles only', async () => {
    const day = '2026-12-01T00:00:00.000Z';
    expect(await call('GET', `/v1/metrics?from=${day}&to=${day}`, analyst)).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'from must be before to' } },
    });
    expect(
      await call('GET', `/v1/metrics?from=2000-01-01T00:00:00Z&to=2026-12-01T00:00:00Z`, analyst),
    ).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'the range is over 3660 days' } },
    });
    expect((await call('GET', `/v1/metrics?${range}`, reviewer)).status).toBe(403);
    expect((await call('GET', `/v1/metrics?${range}`, harness.seeded.siteKey)).status).toBe(403);
  });
});
