import { callJson } from '../support/json-api.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';

const fixture = new ConsoleFixture();
const signIn = (language: 'ko' | 'en') =>
  fixture.signIn(language, 'tns@alpha.example', 'a platform passphrase');

// A platform's trust-and-safety team works its notice queue in the console, against the real server.
describe.skipIf(!hasChromium)('the platform console in a real browser', () => {
  beforeAll(async () => {
    await fixture.start(async (stores) => {
      await addOrg(stores, {
        name: 'alpha',
        kind: 'platform',
        domains: ['alpha.example'],
        person: { email: 'tns@alpha.example', role: 'platform', password: 'a platform passphrase' },
      });
    });
    // A victim's request names two URLs on alpha's site: two notices with a 24-hour clock.
    await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'a victim passphrase',
      urls: ['https://alpha.example/p/1', 'https://alpha.example/p/2'],
    });
  }, 60_000);
  afterAll(() => fixture.close());

  it('shows the notices with their clocks, and marks one removed', async () => {
    const page = await signIn('en');
    await expect.poll(() => page.locator('tr[data-notice]').count()).toBe(2);
    const rows = page.locator('tr[data-notice]');
    expect(await rows.first().textContent()).toMatch(/Sent to the platform(23h 59m|24h 00m) left/);
    await fixture.screenshot(page, 'platform-en');
    const first = rows.first();
    await first.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => first.textContent()).toContain('The platform is working on it');
    await first.getByRole('button', { name: 'Report removed' }).click();
    await expect
      .poll(() => first.textContent())
      .toContain('The platform says it is removed; checking');
    // The server agrees: the notice is now waiting for verification.
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('haechi.staff') ?? '{}').token as string,
    );
    const { body } = await callJson(fixture.url, 'GET', '/v1/notices', token);
    const notices = body['notices'] as Array<{ url: string; state: string }>;
    expect(notices.map((n) => [n.url, n.state]).sort()).toEqual([
      ['https://alpha.example/p/1', 'removal_reported'],
      ['https://alpha.example/p/2', 'sent'],
    ]);
    await page.close();
  });

  it('refuses a wrong password, and works in Korean', async () => {
    const page = await fixture.signIn('en', 'tns@alpha.example', 'not the passphrase');
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await page.close();
    const korean = await signIn('ko');
    await expect.poll(() => korean.getByText('삭제 요청').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => korean.locator('tr[data-notice]').count()).toBe(2);
    await fixture.screenshot(korean, 'platform-ko');
    await korean.close();
  });
});
