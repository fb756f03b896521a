import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';

const fixture = new ConsoleFixture();
const ADMIN = { email: 'admin@haechi.example.kr', password: 'an admin passphrase' };

// The operator's administrator sets up a new platform: organisation, person, key, policy.
describe.skipIf(!hasChromium)('the admin console in a real browser', () => {
  beforeAll(
    () =>
      fixture.start(async (stores) => {
        await addOrg(stores, {
          name: 'haechi-ops',
          kind: 'operator',
          person: { ...ADMIN, role: 'admin' },
        });
      }),
    60_000,
  );
  afterAll(() => fixture.close());

  it('adds a platform with its domains, a person, a key and a policy; disables the person', async () => {
    const page = await fixture.signIn('en', ADMIN.email, ADMIN.password);
    await expect.poll(() => page.locator('tr[data-org]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('jurisdictions').locator('tbody tr').count()).toBe(4);
    expect(
      await page.getByTestId('jurisdictions').locator('tbody tr').first().textContent(),
    ).toMatch(/^Korea \(KCSC\)24confirmed-match → block/);

    await page.getByLabel('Organisation name (lower-case, e.g. alpha-video)').fill('gamma');
    await page.getByLabel('Kind').selectOption('platform');
    await page.getByLabel('Jurisdiction').selectOption('US');
    await page
      .getByLabel('Domains it hosts content on (comma-separated; subdomains included)')
      .fill('Gamma.example, cdn.gamma-media.example');
    await page.getByRole('button', { name: 'Add the organisation' }).click();
    await expect
      .poll(() => page.locator('tr[data-org="gamma"]').textContent())
      .toBe('gammaPlatformUScdn.gamma-media.example, gamma.example');

    const detail = page.getByRole('region', { name: 'gamma' });
    await detail.getByLabel('Email').fill('tns@gamma.example');
    await detail.getByLabel('Name', { exact: true }).fill('Trust and safety');
    await detail.getByLabel('Initial password (at least 12 characters)').fill('short');
    await detail.getByRole('button', { name: 'Add the person' }).click();
    await expect
      .poll(() => detail.getByRole('alert').textContent())
      .toBe('Something went wrong: a password needs at least 12 characters');
    await detail.getByLabel('Initial password (at least 12 characters)').fill('a gamma passphrase');
    await detail.getByRole('button', { name: 'Add the person' }).click();
    await expect
      .poll(() => detail.getByTestId('users').locator('tbody tr').allTextContents())
      .toEqual(['tns@gamma.exampleTrust and safetyplatform operatorDisable']);

    await detail.getByLabel('Label for a new key (e.g. upload-screening-prod)').fill('prod');
    await detail.getByRole('button', { name: 'Issue a key' }).click();
    await expect.poll(() => detail.getByTestId('new-key').count()).toBe(1);
    const key = (await detail.getByTestId('new-key').textContent()) as string;
    const me = await callJson(fixture.url, 'GET', '/v1/org', key);
    expect([me.body['name'], me.body['takedownHours'], me.body['domains']]).toEqual([
      'gamma',
      48,
      ['cdn.gamma-media.example', 'gamma.example'],
    ]);

    // A policy naming a rule the US profile lacks is refused, and nothing changes.
    const policy = detail.getByLabel('Policy adjustments (JSON: disabledRules, extraRules)');
    await policy.fill('{"disabledRules": ["no-such-rule"]}');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => detail.getByRole('alert').textContent())
      .toBe('Something went wrong: platform policy disables unknown rule "no-such-rule"');
    await policy.fill('{"disabledRules": ["suspected-match"]}');
    const subscriptions = detail.getByLabel(
      'Bank subscriptions (comma-separated; * for every bank)',
    );
    // The banks the law requires cannot be left out.
    await subscriptions.fill('confirmed');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => detail.getByRole('alert').textContent())
      .toBe(
        'Something went wrong: subscriptions: the US jurisdiction requires victim-reported; a platform cannot leave them out',
      );
    await subscriptions.fill('confirmed, victim-reported');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => detail.getByText('Saved.', { exact: true }).count()).toBe(1);
    const orgs = await callJson(fixture.url, 'GET', '/v1/admin/orgs', await adminToken());
    expect(
      (orgs.body['orgs'] as Array<{ name: string }>).find((o) => o.name === 'gamma'),
    ).toMatchObject({
      subscriptions: ['confirmed', 'victim-reported'],
      policy: { disabledRules: ['suspected-match'] },
    });
    await fixture.screenshot(page, 'admin-en');

    const login = () =>
      callJson(fixture.url, 'POST', '/v1/auth/login', undefined, {
        email: 'tns@gamma.example',
        password: 'a gamma passphrase',
      });
    const session = (await login()).body['token'] as string;
    page.once('dialog', (dialog) => void dialog.accept());
    await detail.getByRole('button', { name: 'Disable tns@gamma.example' }).click();
    await expect.poll(() => detail.getByTestId('users').textContent()).toContain('Disabled');
    expect((await callJson(fixture.url, 'GET', '/v1/me', session)).status).toBe(401);
    expect((await login()).status).toBe(401);
    // Enabled again through the API: she signs in anew; the session from before stays ended.
    const people = (await callJson(fixture.url, 'GET', '/v1/admin/orgs', await adminToken())).body[
      'orgs'
    ] as Array<{ id: number; name: string }>;
    const gammaId = people.find((o) => o.name === 'gamma')!.id;
    const users = (
      await callJson(fixture.url, 'GET', `/v1/admin/orgs/${gammaId}/users`, await adminToken())
    ).body['users'] as Array<{ id: number; email: string }>;
    const tns = users.find((u) => u.email === 'tns@gamma.example')!;
    const enabled = await callJson(
      fixture.url,
      'POST',
      `/v1/admin/orgs/${gammaId}/users/${tns.id}/enable`,
      await adminToken(),
    );
    expect([enabled.status, enabled.body['disabledAt']]).toEqual([200, null]);
    expect((await callJson(fixture.url, 'GET', '/v1/me', session)).status).toBe(401);
    expect((await login()).status).toBe(200);
    await page.close();

    const korean = await fixture.signIn('ko', ADMIN.email, ADMIN.password);
    await expect.poll(() => korean.locator('tr[data-org]').count()).toBe(2);
    await fixture.screenshot(korean, 'admin-ko');
    await korean.close();
  });

  it('keeps the admin API to administrators, and refuses bad input with reasons', async () => {
    const token = await adminToken();
    const platform = (
      await callJson(fixture.url, 'POST', '/v1/admin/orgs', token, {
        name: 'delta',
        kind: 'platform',
        jurisdiction: 'KR',
      })
    ).body as { id: number };
    const keyed = await callJson(fixture.url, 'POST', `/v1/admin/orgs/${platform.id}/keys`, token, {
      label: 'k',
    });
    const key = keyed.body['key'] as string;
    expect((await callJson(fixture.url, 'GET', '/v1/admin/orgs', key)).body['error']).toEqual({
      code: 'forbidden',
      message: 'this needs the role admin',
    });
    const refusals = await Promise.all([
      callJson(fixture.url, 'POST', '/v1/admin/orgs', token, {
        name: 'Bad Name',
        kind: 'platform',
        jurisdiction: 'KR',
      }),
      callJson(fixture.url, 'POST', '/v1/admin/orgs', token, {
        name: 'epsilon',
        kind: 'platform',
        jurisdiction: 'KR',
        domains: ['not a domain'],
      }),
      callJson(fixture.url, 'POST', '/v1/admin/orgs', token, {
        name: 'delta',
        kind: 'platform',
        jurisdiction: 'KR',
      }),
      callJson(fixture.url, 'PUT', '/v1/admin/orgs/9999', token, { subscriptions: ['*'] }),
      callJson(fixture.url, 'POST', '/v1/admin/orgs/1/users/1/disable', token),
    ]);
    expect(refusals.map((r) => [r.status, r.body['error'].code, r.body['error'].message])).toEqual([
      [
        400,
        'invalid_input',
        'invalid organisation name "Bad Name": use 1–64 lower-case letters, digits, ".", "_" or "-"',
      ],
      [400, 'invalid_input', 'not a domain name: "not a domain"'],
      [409, 'org_exists', expect.any(String)],
      [404, 'org_not_found', 'no organisation with id 9999'],
      [400, 'invalid_input', 'you cannot disable yourself'],
    ]);
    // The refused organisation with a bad domain was not created either.
    const names = (
      (await callJson(fixture.url, 'GET', '/v1/admin/orgs', token)).body['orgs'] as Array<{
        name: string;
      }>
    ).map((o) => o.name);
    expect(names).not.toContain('epsilon');
  });
});

async function adminToken(): Promise<string> {
  return (await callJson(fixture.url, 'POST', '/v1/auth/login', undefined, ADMIN)).body[
    'token'
  ] as string;
}
