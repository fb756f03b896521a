import { issueApiKey } from '@haechi/access';
import { createBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';
import { runCli } from '../support/run-cli.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const fixture = new ConsoleFixture();
let heldId = '';
let platformKey = '';

// A reviewer decides a held upload: it stays blurred and grey until she reveals it.
describe.skipIf(!hasChromium)('the reviewer console in a real browser', () => {
  beforeAll(async () => {
    const image = syntheticPhoto(320, 240, 8);
    const upload = new Uint8Array(
      await sharp(image.data, { raw: { width: 320, height: 240, channels: 3 } })
        .jpeg()
        .toBuffer(),
    );
    await fixture.start(async (stores) => {
      const at = new Date().toISOString();
      const platform = await addOrg(stores, { name: 'delta', kind: 'platform' });
      platformKey = (
        await issueApiKey(stores.access, { orgId: platform, label: 't', createdBy: 'test', at })
      ).key;
      await addOrg(stores, {
        name: 'kcsc',
        kind: 'regulator',
        person: {
          email: 'reviewer@kcsc.example.kr',
          role: 'reviewer',
          password: 'a reviewer passphrase',
        },
      });
      await createBank(stores.banks, { name: 'suspected', createdBy: 'test', at });
      await importHashList(stores.banks, {
        bank: 'suspected',
        lines: [formatHash256(computePdq(await decodeImage(upload)).hash)],
        source: 'report',
        addedBy: 'test',
        at,
      });
    });
    // Re-posted inside a white border: it matches by the picture within, which the reviewer sees.
    const bordered = await sharp(upload)
      .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#ffffff' })
      .png()
      .toBuffer();
    const held = await fetch(`${fixture.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'image/png' },
      body: bordered,
    });
    const answer = (await held.json()) as { verdict: string; id: string };
    expect(answer.verdict).toBe('hold');
    heldId = answer.id;
  });
  afterAll(() => fixture.close());

  it('shows the item blurred, reveals it on request, counts the exposure, and records the decision', async () => {
    const page = await fixture.signIn('en', 'reviewer@kcsc.example.kr', 'a reviewer passphrase');
    await expect.poll(() => page.locator('li[data-item]').count()).toBe(1);
    await page.getByRole('button', { name: 'Open' }).click();
    const media = page.getByTestId('review-media');
    await expect.poll(() => media.count()).toBe(1);
    const filter = () => media.evaluate((img) => getComputedStyle(img).filter);
    expect(await filter()).toBe('blur(24px) grayscale(1)');
    expect(
      await page.getByText(/^suspected · pdq · \d+ · the part at 20,20, 320×240 px$/).count(),
    ).toBe(1);
    expect(await page.getByTestId('exposures').textContent()).toBe(
      'Items revealed this session: 0',
    );
    await fixture.screenshot(page, 'review-en');
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
    const status = await callJson(fixture.url, 'GET', `/v1/screenings/${heldId}`, platformKey);
    expect(status.body['review']).toMatchObject({ decision: 'remove', action: 'keep_blocked' });
    const audit = await runCli(['audit', 'list', '--object', `screening:${heldId}`], {
      HAECHI_DATA: fixture.dir,
    });
    expect(
      audit.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string }).action),
    ).toEqual(['screening.recorded', 'media.retained', 'media.viewed']);
  });

  it('refuses the media to anyone but a reviewer', async () => {
    const response = await fetch(`${fixture.url}/v1/review/1/media`, {
      headers: { authorization: `Bearer ${platformKey}` },
    });
    expect(response.status).toBe(403);
  });
});
