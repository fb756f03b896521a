import { readFile } from 'node:fs/promises';
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

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
let dir: string;
let server: RunningServer;
let browser: Browser;

// The task force reads aggregates: figures, compliance per platform, victim support, review.
describe.skipIf(!hasChromium)('the task-force dashboard in a real browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-dashboard-'));
    const stores = openEmbeddedStores(dir);
    const at = new Date().toISOString();
    for (const [name, domain] of [
      ['alpha', 'alpha.example'],
      ['beta', 'beta.example'],
    ] as const) {
      const org = await createOrg(stores.access, {
        name,
        kind: 'platform',
        jurisdiction: 'KR',
        at,
      });
      await stores.access.setPlatformDomains(org.id, [domain], { at, actor: 'test' });
    }
    await createOrg(stores.access, {
      name: 'taskforce',
      kind: 'government',
      jurisdiction: 'KR',
      at,
    });
    await createUser(stores.access, {
      org: 'taskforce',
      email: 'analyst@gov.example.kr',
      displayName: 'A',
      role: 'analyst',
      password: 'an analyst passphrase',
      at,
    });
    await stores.close();
    server = await startServer(
      loadConfig({
        HAECHI_DATA: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: '2'.repeat(64),
      }),
      { manualJobs: true },
    );
    await fetch(`${server.url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        passphrase: 'a victim passphrase',
        urls: ['https://alpha.example/1', 'https://alpha.example/2', 'https://beta.example/3'],
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

  it('shows the figures for the range, compliance per platform, and exports CSV', async () => {
    for (const language of ['en', 'ko'] as const) {
      const page = await browser.newPage({
        viewport: { width: 1000, height: 900 },
        acceptDownloads: true,
      });
      await page.addInitScript((lang) => localStorage.setItem('haechi.language', lang), language);
      await page.goto(`${server.url}/#/staff`);
      await page.getByLabel(language === 'en' ? 'Email' : '이메일').fill('analyst@gov.example.kr');
      await page
        .getByLabel(language === 'en' ? 'Password' : '비밀번호')
        .fill('an analyst passphrase');
      await page.getByRole('button', { name: language === 'en' ? 'Sign in' : '로그인' }).click();
      await expect.poll(() => page.getByTestId('figures').count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${language}.png`), fullPage: true });
      if (language === 'ko') {
        await page.close();
        continue;
      }
      expect(await page.getByTestId('figures').textContent()).toMatch(
        /^Notices sent3Removed within the deadline—/,
      );
      const rows = await page.getByTestId('compliance').locator('tbody tr').allTextContents();
      expect(rows).toEqual(['alpha2—0—', 'beta1—0—']);
      expect(await page.getByText('Requests opened: 1 (by victims themselves 1').count()).toBe(1);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download compliance (CSV)' }).click(),
      ]);
      const csv = await readFile((await download.path()) as string, 'utf8');
      expect(csv.split('\r\n').slice(0, 3)).toEqual([
        'platform,notices,removed,share_within_deadline,overdue,median_hours_to_removal',
        'alpha,2,0,,0,',
        'beta,1,0,,0,',
      ]);
      const [decisions] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the decisions (CSV)' }).click(),
      ]);
      expect((await readFile((await decisions.path()) as string, 'utf8')).split('\r\n')[0]).toMatch(
        /^decision_id,decision_date,platform,/,
      );
      await page.close();
    }
  });
});
