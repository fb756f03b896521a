import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';

const fixture = new ConsoleFixture();

// A counsellor of the Digital Sex Crime Victim Support Center works her caseload in the console.
describe.skipIf(!hasChromium)('the counsellor console in a real browser', () => {
  beforeAll(
    () =>
      fixture.start(async (stores) => {
        await addOrg(stores, { name: 'alpha', kind: 'platform', domains: ['alpha.example'] });
        for (const center of ['dsc', 'other-center'])
          await addOrg(stores, {
            name: center,
            kind: 'support_center',
            person: {
              email: `counsellor@${center}.example.kr`,
              role: 'counsellor',
              password: 'a counsellor passphrase',
            },
          });
      }),
    60_000,
  );
  afterAll(() => fixture.close());

  it('opens a case for a victim, lists the caseload with progress, and shows a case', async () => {
    const page = await fixture.signIn('en', 'counsellor@dsc.example.kr', 'a counsellor passphrase');
    await expect.poll(() => page.getByText('No cases yet.').count()).toBe(1);
    await page
      .getByLabel('Where did you see them?')
      .fill('https://alpha.example/v/1\nhttps://alpha.example/v/2');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await expect.poll(() => page.locator('tr[data-case]').count()).toBe(1);
    const code = (await page.locator('tr[data-case]').getAttribute('data-case')) ?? '';
    expect(await page.getByRole('status').textContent()).toBe(`Case ${code} opened.`);
    expect(await page.locator('tr[data-case]').textContent()).toContain('0 of 2 removed');
    await fixture.screenshot(page, 'counsellor-en');
    await page.getByRole('button', { name: code }).click();
    await expect.poll(() => page.getByTestId('status-code').textContent()).toBe(code);
    await expect.poll(() => page.getByText('Sent to the platform').count()).toBe(2);
    await page.close();

    // Another center's counsellor sees neither the case in her list nor the case itself.
    const other = (
      await callJson(fixture.url, 'POST', '/v1/auth/login', undefined, {
        email: 'counsellor@other-center.example.kr',
        password: 'a counsellor passphrase',
      })
    ).body['token'] as string;
    expect((await callJson(fixture.url, 'GET', '/v1/cases', other)).body['cases']).toEqual([]);
    expect((await callJson(fixture.url, 'GET', `/v1/cases/${code}`, other)).status).toBe(404);
    expect((await callJson(fixture.url, 'GET', '/v1/cases')).status).toBe(401);
  });
});
