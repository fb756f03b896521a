import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { createBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { runCli } from '../support/run-cli.js';
import { syntheticPhoto } from '../support/synthetic-images.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
let dir: string;
let server: RunningServer;
let browser: Browser;
let heldId = '';
let platformKey = '';

// A reviewer decides a held upload: it stays blurred and grey until she reveals it.
describe.skipIf(!hasChromium)('the reviewer console in a real browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-reviewer-console-'));
    const image = syntheticPhoto(320, 240, 8);
    const upload = new Uint8Array(
      await sharp(image.data, { raw: { width: 320, height: 240, channels: 3 } })
        .jpeg()
        .toBuffer(),
    );
    const stores = openEmbeddedStores(dir);
    const at = new Date().toISOString();
    const platform = await createOrg(stores.access, {
      name: 'delta',
      kind: 'platform',
      jurisdiction: 'KR',
      at,
    });
    platformKey = (
      await issueApiKey(stores.access, { orgId: platform.id, label: 't', createdBy: 'test', at })
    ).key;
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at });
    await createUser(stores.access, {
      org: 'kcsc',
      email: 'reviewer@kcsc.example.kr',
      displayName: 'R',
      role: 'reviewer',
      password: 'a reviewer passphrase',
      at,
    });
    await createBank(stores.banks, { name: 'suspected', createdBy: 'test', at });
    await importHashList(stores.banks, {
      bank: 'suspected',
      lines: [formatHash256(computePdq(await decodeImage(upload)).hash)],
      source: 'report',
      addedBy: 'test',
      at,
    });
    await stores.close();
    server = await startServer(
      loadConfig({
        HAECHI_DATA: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: 'f'.repeat(64),
      }),
      { manualJobs: true },
    );
    const held = (await (
      await fetch(`${server.url}/v1/screen`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'image/jpeg' },
        body: Buffer.from(upload),
      })
    ).json()) as { verdict: string; id: string };
    expect(held.verdict).toBe('hold');
    heldId = held.id;
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the item blurred, reveals it on request, counts the exposure, and records the decision', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.addInitScript(() => localStorage.setItem('haechi.language', 'en'));
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel('Email').fill('reviewer@kcsc.example.kr');
    await page.getByLabel('Password').fill('a reviewer passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('li[data-item]').count()).toBe(1);
    await page.getByRole('button', { name: 'Open' }).click();
    const media = page.getByTestId('review-media');
    await expect.poll(() => media.count()).toBe(1);
    const filter = () => media.evaluate((img) => getComputedStyle(img).filter);
    expect(await filter()).toBe('blur(24px) grayscale(1)');
    expect(await page.getByTestId('exposures').textContent()).toBe(
      'Items revealed this session: 0',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'review-en.png'), fullPage: true });
    await page.keyboard.press('v');
    await expect.poll(filter).toBe('none');
    expect(await page.getByTestId('exposures').textContent()).toBe(
      'Items revealed this session: 1',
    );
    await page.getByRole('button', { name: 'Hide (V)' }).click();
    await expect.poll(filter).toBe('blur(24px) grayscale(1)');
    expect(await page.getByRole('button', { name: 'Remove' }).isDisabled()).toBe(true);
    await page.getByLabel('Reason').selectOption('sexual_deepfake');
    await page.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByText('Nothing waiting for review.').count()).toBe(1);
    await page.close();

    // The platform reads the decision; the audit log names the reviewer's one look at the media.
    const status = (await (
      await fetch(`${server.url}/v1/screenings/${heldId}`, {
        headers: { authorization: `Bearer ${platformKey}` },
      })
    ).json()) as { review: { decision: string; action: string } };
    expect(status.review).toMatchObject({ decision: 'remove', action: 'keep_blocked' });
    const audit = await runCli(['audit', 'list', '--object', `screening:${heldId}`], {
      HAECHI_DATA: dir,
    });
    expect(
      audit.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string }).action),
    ).toEqual(['screening.recorded', 'media.retained', 'media.viewed']);
  });

  it('refuses the media to anyone but a reviewer', async () => {
    const response = await fetch(`${server.url}/v1/review/1/media`, {
      headers: { authorization: `Bearer ${platformKey}` },
    });
    expect(response.status).toBe(403);
  });
});
