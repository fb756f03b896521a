import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrg, createUser } from '@haechi/access';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
let dir: string;
let server: RunningServer;
let browser: Browser;

// A platform's trust-and-safety team works its notice queue in the console, against the real server.
describe.skipIf(!hasChromium)('the platform console in a real browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-platform-console-'));
    const stores = openEmbeddedStores(dir);
    const at = new Date().toISOString();
    const org = await createOrg(stores.access, {
      name: 'alpha',
      kind: 'platform',
      jurisdiction: 'KR',
      at,
    });
    await stores.access.setPlatformDomains(org.id, ['alpha.example'], { at, actor: 'test' });
    await createUser(stores.access, {
      org: 'alpha',
      email: 'tns@alpha.example',
      displayName: 'T',
      role: 'platform',
      password: 'a platform passphrase',
      at,
    });
    await stores.close();
    server = await startServer(
      loadConfig({
        HAECHI_DATA: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: 'e'.repeat(64),
      }),
      { manualJobs: true },
    );
    // A victim's request names two URLs on alpha's site: two notices with a 24-hour clock.
    await fetch(`${server.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        passphrase: 'a victim passphrase',
        urls: ['https://alpha.example/p/1', 'https://alpha.example/p/2'],
      }),
    });
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signIn(language: 'ko' | 'en'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.addInitScript((lang) => localStorage.setItem('haechi.language', lang), language);
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel(language === 'ko' ? '이메일' : 'Email').fill('tns@alpha.example');
    await page
      .getByLabel(language === 'ko' ? '비밀번호' : 'Password')
      .fill('a platform passphrase');
    await page.getByRole('button', { name: language === 'ko' ? '로그인' : 'Sign in' }).click();
    return page;
  }

  it('shows the notices with their clocks, and marks one removed', async () => {
    const page = await signIn('en');
    await expect.poll(() => page.locator('tr[data-notice]').count()).toBe(2);
    const rows = page.locator('tr[data-notice]');
    expect(await rows.first().textContent()).toMatch(/Sent to the platform(23h 59m|24h 00m) left/);
    await page.screenshot({ path: join(ARTIFACTS, 'platform-en.png'), fullPage: true });
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
    const notices = (await (
      await fetch(`${server.url}/v1/notices`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { notices: Array<{ url: string; state: string }> };
    expect(notices.notices.map((n) => [n.url, n.state]).sort()).toEqual([
      ['https://alpha.example/p/1', 'removal_reported'],
      ['https://alpha.example/p/2', 'sent'],
    ]);
    await page.close();
  });

  it('refuses a wrong password, and works in Korean', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel('Email').fill('tns@alpha.example');
    await page.getByLabel('Password').fill('not the passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await page.close();
    const korean = await signIn('ko');
    await expect.poll(() => korean.getByText('삭제 요청').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => korean.locator('tr[data-notice]').count()).toBe(2);
    await korean.screenshot({ path: join(ARTIFACTS, 'platform-ko.png'), fullPage: true });
    await korean.close();
  });
});
