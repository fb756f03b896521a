import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';

const fixture = new ConsoleFixture();
// alpha's public site: everything is gone (404), so a removal alpha reports is verified.
const site = createServer((_req, res) => res.writeHead(404).end('gone'));

// The task force reads aggregates: figures, compliance per platform, victim support, review.
describe.skipIf(!hasChromium)('the task-force dashboard in a real browser', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const alphaSite = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    await fixture.start(
      async (stores) => {
        await addOrg(stores, {
          name: 'alpha',
          kind: 'platform',
          domains: ['127.0.0.1'],
          person: {
            email: 'ops@alpha.example',
            role: 'platform',
            password: 'a platform passphrase',
          },
        });
        await addOrg(stores, { name: 'beta', kind: 'platform', domains: ['beta.example'] });
        const taskforce = await addOrg(stores, {
          name: 'taskforce',
          kind: 'government',
          person: {
            email: 'analyst@gov.example.kr',
            role: 'analyst',
            password: 'an analyst passphrase',
          },
        });
        // A monitor of alpha's feed (paused: it never runs here), for the monitoring table.
        const monitor = await stores.monitors.createMonitor(
          {
            name: 'alpha-feed',
            kind: 'feed',
            orgId: taskforce,
            config: {
              startUrls: [`${alphaSite}/feed.xml`],
              maxDepth: 0,
              maxPages: 10,
              maxItems: 10,
              respectRobots: true,
              minIntervalMs: 1000,
              fetchTimeoutMs: 1000,
            },
            intervalSeconds: 3600,
            createdAt: new Date().toISOString(),
          },
          'test',
        );
        await stores.monitors.setMonitorStatus(monitor.id, 'paused', {
          at: new Date().toISOString(),
          actor: 'test',
        });
      },
      { HAECHI_FETCH_ALLOW_PRIVATE: 'true' },
    );
    await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'a victim passphrase',
      urls: [`${alphaSite}/1`, `${alphaSite}/2`, 'https://beta.example/3'],
    });
    // alpha removes one of its two at once.
    const login = await callJson(fixture.url, 'POST', '/v1/auth/login', undefined, {
      email: 'ops@alpha.example',
      password: 'a platform passphrase',
    });
    const token = login.body.token as string;
    const notices = await callJson(fixture.url, 'GET', '/v1/notices', token);
    const removed = await callJson(
      fixture.url,
      'POST',
      `/v1/notices/${notices.body.notices[0].id}/removed`,
      token,
      {},
    );
    expect(removed.status).toBe(200);
    expect(await fixture.server.runDueJobs()).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await fixture.close();
    site.close();
  });

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
        /^Notices sent3Removed within the deadline100%/,
      );
      const rows = await page.getByTestId('compliance').locator('tbody tr').allTextContents();
      // One removal: its time is not shown (small cells), its count and share are.
      expect(rows).toEqual(['alpha2100%0—', 'beta1—0—']);
      // Each chart carries its numbers as a table too: the one removal took under an hour.
      const chartRows = (testId: string) =>
        page.getByTestId(testId).locator('tbody tr').allTextContents();
      expect(await chartRows('chart-removal-hours')).toEqual([
        '0–1 h1',
        '1–6 h0',
        '6–12 h0',
        '12–24 h0',
        '24–48 h0',
        '48 h or more0',
      ]);
      const today = new Intl.DateTimeFormat('en-GB', {
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      }).format(new Date());
      const sentByDay = await chartRows('chart-notices-over-time');
      expect(sentByDay).toHaveLength(31);
      expect(sentByDay.filter((row) => !row.endsWith('0'))).toEqual([`${today}3`]);
      expect((await chartRows('chart-share-over-time')).filter((r) => r.startsWith(today))).toEqual(
        [`${today}100%`],
      );
      expect(await chartRows('chart-referrals')).toEqual([
        'Held upload0',
        'Referred upload0',
        'Disputed notice0',
        'Overdue notice0',
        'Decided: remove0',
        'Decided: restore0',
      ]);
      await expect
        .poll(() => page.getByTestId('monitors').locator('tbody tr').allTextContents())
        .toEqual(['alpha-feed (feed)Paused00——']);
      expect(await page.getByTestId('chart-backlog-age').locator('svg').getAttribute('role')).toBe(
        'img',
      );
      expect(await page.getByText('Requests opened: 1 (by victims themselves 1').count()).toBe(1);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download compliance (CSV)' }).click(),
      ]);
      const csv = await readFile(await download.path(), 'utf8');
      expect(csv.split('\r\n').slice(0, 3)).toEqual([
        'platform,notices,removed,share_within_deadline,overdue,median_hours_to_removal',
        'alpha,2,1,1,0,',
        'beta,1,0,,0,',
      ]);
      const [decisions] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the decisions (CSV)' }).click(),
      ]);
      expect((await readFile(await decisions.path(), 'utf8')).split('\r\n')[0]).toMatch(
        /^decision_id,decision_date,platform,/,
      );
      await page.close();
    }
  });
});
