import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrg, createUser } from '@haechi/access';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { callJson } from '../support/json-api.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
let dir: string;
let server: RunningServer;
let browser: Browser;

// A counsellor of the Digital Sex Crime Victim Support Center works her caseload in the console.
describe.skipIf(!hasChromium)('the counsellor console in a real browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-counsellor-console-'));
    const stores = openEmbeddedStores(dir);
    const at = new Date().toISOString();
    const alpha = await createOrg(stores.access, {
      name: 'alpha',
      kind: 'platform',
      jurisdiction: 'KR',
      at,
    });
    await stores.access.setPlatformDomains(alpha.id, ['alpha.example'], { at, actor: 'test' });
    for (const center of ['dsc', 'other-center']) {
      await createOrg(stores.access, {
        name: center,
        kind: 'support_center',
        jurisdiction: 'KR',
        at,
      });
      await createUser(stores.access, {
        org: center,
        email: `counsellor@${center}.example.kr`,
        displayName: 'C',
        role: 'counsellor',
        password: 'a counsellor passphrase',
        at,
      });
    }
    await stores.close();
    server = await startServer(
      loadConfig({
        HAECHI_DATA: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: '1'.repeat(64),
      }),
      { manualJobs: true },
    );
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a case for a victim, lists the caseload with progress, and shows a case', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.addInitScript(() => localStorage.setItem('haechi.language', 'en'));
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel('Email').fill('counsellor@dsc.example.kr');
    await page.getByLabel('Password').fill('a counsellor passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('No cases yet.').count()).toBe(1);
    await page
      .getByLabel('Where did you see them?')
      .fill('https://alpha.example/v/1\nhttps://alpha.example/v/2');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await expect.poll(() => page.locator('tr[data-case]').count()).toBe(1);
    const code = (await page.locator('tr[data-case]').getAttribute('data-case')) ?? '';
    expect(await page.getByRole('status').textContent()).toBe(`Case ${code} opened.`);
    expect(await page.locator('tr[data-case]').textContent()).toContain('0 of 2 removed');
    await page.screenshot({ path: join(ARTIFACTS, 'counsellor-en.png'), fullPage: true });
    await page.getByRole('button', { name: code }).click();
    await expect.poll(() => page.getByTestId('status-code').textContent()).toBe(code);
    await expect.poll(() => page.getByText('Sent to the platform').count()).toBe(2);
    await page.close();

    // Another center's counsellor sees neither the case in her list nor the case itself.
    const other = (
      await callJson(server.url, 'POST', '/v1/auth/login', undefined, {
        email: 'counsellor@other-center.example.kr',
        password: 'a counsellor passphrase',
      })
    ).body['token'] as string;
    expect((await callJson(server.url, 'GET', '/v1/cases', other)).body['cases']).toEqual([]);
    expect((await callJson(server.url, 'GET', `/v1/cases/${code}`, other)).status).toBe(404);
    expect((await callJson(server.url, 'GET', '/v1/cases')).status).toBe(401);
  });
});
