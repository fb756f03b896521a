import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callJson } from '../support/json-api.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';

const fixture = new ConsoleFixture();
const PDQ = 'f'.repeat(16) + '0'.repeat(16) + 'a5'.repeat(16);
// alpha's webhook receiver: answers 204 and keeps what arrived.
const received: string[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push(body);
    res.writeHead(204).end();
  });
});
const signIn = (language: 'ko' | 'en') =>
  fixture.signIn(language, 'tns@alpha.example', 'a platform passphrase');

// A platform's trust-and-safety team works its notice queue in the console, against the real server.
describe.skipIf(!hasChromium)('the platform console in a real browser', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await fixture.start(
      async (stores) => {
        await addOrg(stores, {
          name: 'alpha',
          kind: 'platform',
          domains: ['alpha.example'],
          person: {
            email: 'tns@alpha.example',
            role: 'platform',
            password: 'a platform passphrase',
          },
        });
      },
      { HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true' },
    );
    // A victim's request names two URLs on alpha's site: two notices with a 24-hour clock.
    await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'a victim passphrase',
      urls: ['https://alpha.example/p/1', 'https://alpha.example/p/2'],
      hashes: [{ signalType: 'pdq', signal: PDQ }],
    });
  });
  afterAll(async () => {
    await fixture.close();
    receiver.close();
  });

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

  it('shows the screening log, issues and revokes a key, sets the webhook, and picks banks', async () => {
    const page = await signIn('en');
    await expect.poll(() => page.locator('tr[data-notice]').count()).toBe(2);
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('haechi.staff') ?? '{}').token as string,
    );
    // An upload matching the victim's picture is held (her report alone never blocks; it goes to
    // review), and shows in the log with its rule.
    const screened = await callJson(fixture.url, 'POST', '/v1/screen', token, {
      contentId: 'post-7/photo-1',
      hashes: { pdq: [PDQ] },
    });
    expect(screened.body['verdict']).toBe('hold');
    const tabs = page.getByRole('tablist', { name: 'Platform console sections' });
    await tabs.getByRole('tab', { name: 'Screening log' }).click();
    await expect
      .poll(() => page.getByTestId('screening-log').locator('tbody tr').allTextContents())
      .toEqual([expect.stringMatching(/post-7\/photo-1holdvictim-reported-match$/)]);
    await fixture.screenshot(page, 'platform-screenings-en');

    // Arrow keys move between tabs, as for any tab list.
    await tabs.getByRole('tab', { name: 'Screening log' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await tabs.getByRole('tab', { name: 'API keys' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await page.getByLabel('Label for a new key (e.g. upload-screening-prod)').fill('ci-upload');
    await page.getByRole('button', { name: 'Issue a key' }).click();
    await expect.poll(() => page.getByTestId('new-key').textContent()).toMatch(/^hk_/);
    const key = (await page.getByTestId('new-key').textContent()) as string;
    expect((await callJson(fixture.url, 'GET', '/v1/me', key)).body['role']).toBe('platform');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke the key ci-upload' }).click();
    await expect.poll(() => page.getByTestId('keys').textContent()).toContain('Revoked');
    expect((await callJson(fixture.url, 'GET', '/v1/me', key)).status).toBe(401);
    await fixture.screenshot(page, 'platform-keys-en');

    await tabs.getByRole('tab', { name: 'Webhook' }).click();
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/haechi`;
    await page.getByLabel(/Where Haechi sends your notices/).fill(hook);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent())
      .toBe('Saved. Notices will be pushed there.');
    // The first URL comes with its signing secret, shown once: nothing is ever sent unsigned.
    await expect.poll(() => page.getByTestId('webhook-secret').count()).toBe(1);
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent())
      .toBe('Your receiver took the test event.');
    expect(received).toHaveLength(1);
    await fixture.screenshot(page, 'platform-webhook-en');

    await tabs.getByRole('tab', { name: 'Hash banks' }).click();
    const every = page.getByLabel('Every bank, including ones added later (recommended)');
    await expect.poll(() => every.isChecked()).toBe(true);
    await every.uncheck();
    // The banks the law requires stay checked, and cannot be unchecked.
    const victims = page.getByRole('checkbox', { name: /victim-reported/ });
    await expect.poll(() => victims.isChecked()).toBe(true);
    expect(await victims.isDisabled()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^confirmed/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Saved: your uploads are screened against these banks.');
    const org = await callJson(fixture.url, 'GET', '/v1/org', token);
    expect(org.body['subscriptions']).toEqual(['confirmed', 'victim-reported']);
    expect(
      (
        await callJson(fixture.url, 'PUT', '/v1/org/subscriptions', token, {
          subscriptions: ['confirmed'],
        })
      ).body['error']['message'],
    ).toBe(
      'subscriptions: the KR jurisdiction requires victim-reported; a platform cannot leave them out',
    );
    expect(
      (
        await callJson(fixture.url, 'PUT', '/v1/org/subscriptions', token, {
          subscriptions: ['no-such-bank'],
        })
      ).body['error'],
    ).toEqual({ code: 'invalid_input', message: 'subscriptions: no bank named "no-such-bank"' });
    await fixture.screenshot(page, 'platform-banks-en');
    await page.close();
  });
});
