import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';

const fixture = new ConsoleFixture();

// The task force reads aggregates: figures, compliance per platform, victim support, review.
describe.skipIf(!hasChromium)('the task-force dashboard in a real browser', () => {
  beforeAll(async () => {
    await fixture.start(async (stores) => {
      await addOrg(stores, { name: 'alpha', kind: 'platform', domains: ['alpha.example'] });
      await addOrg(stores, { name: 'beta', kind: 'platform', domains: ['beta.example'] });
      await addOrg(stores, {
        name: 'taskforce',
        kind: 'government',
        person: {
          email: 'analyst@gov.example.kr',
          role: 'analyst',
          password: 'an analyst passphrase',
        },
      });
    });
    await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'a victim passphrase',
      urls: ['https://alpha.example/1', 'https://alpha.example/2', 'https://beta.example/3'],
    });
  }, 60_000);
  afterAll(() => fixture.close());

  it('shows the figures for the range, compliance per platform, and exports CSV', async () => {
    for (const language of ['en', 'ko'] as const) {
      const page = await fixture.signIn(
        language,
        'analyst@gov.example.kr',
        'an analyst passphrase',
      );
      await expect.poll(() => page.getByTestId('figures').count()).toBe(1);
      await fixture.screenshot(page, `dashboard-${language}`);
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
