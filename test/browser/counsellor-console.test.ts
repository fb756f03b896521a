import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
    await expect.poll(() => page.locator('li[data-state="sent"]').count()).toBe(2);
    // The notices are grouped by site, each with its clock.
    expect(await page.getByRole('heading', { name: 'alpha.example' }).count()).toBe(1);
    expect(await page.locator('li[data-state="sent"]').first().textContent()).toMatch(
      /Sent to the platform \((23h 5\d|24h 00)m left, deadline /,
    );

    // The history, from the audit log: who did what, as kinds of actor only.
    await expect.poll(() => page.getByTestId('timeline').locator('li').count()).toBe(5);
    const history = await page.getByTestId('timeline').locator('li').allTextContents();
    expect(history.map((line) => line.replace(/^.*? \d\d:\d\d /, ''))).toEqual([
      'Case opened — counsellor',
      'A link was added — counsellor',
      expect.stringMatching(/^Notice \d+ sent to the platform — counsellor$/),
      'A link was added — counsellor',
      expect.stringMatching(/^Notice \d+ sent to the platform — counsellor$/),
    ]);

    // She adds a link the victim mentioned on the phone, and a note of the call.
    await page
      .getByLabel('Seen it somewhere else? Add the links (one per line)')
      .fill('https://alpha.example/v/3\nhttps://unknown.example/x');
    await page.getByRole('button', { name: 'Add the links' }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent())
      .toBe(
        'Added. No platform in Haechi hosts unknown.example yet; the support center will follow those up.',
      );
    expect(await page.locator('li[data-state="sent"]').count()).toBe(3);
    const note = 'Called her back at 21:10; she found a third link. 다음 주 월요일 재연락.';
    await page
      .getByLabel("New note (kept encrypted; only your center's counsellors read it)")
      .fill(note);
    await page.getByRole('button', { name: 'Save the note' }).click();
    await expect
      .poll(() => page.getByTestId('notes').locator('.note-text').allTextContents())
      .toEqual([note]);
    expect((await page.getByTestId('timeline').locator('li').allTextContents()).at(-1)).toMatch(
      /A contact note was added — counsellor$/,
    );
    await fixture.screenshot(page, 'counsellor-case-en');
    await page.close();

    // The note is stored sealed: its words are in no file of the data folder.
    for (const file of await readdir(fixture.dir, { recursive: true })) {
      const path = join(fixture.dir, file);
      if (!(await stat(path)).isFile()) continue;
      expect((await readFile(path)).includes(Buffer.from('third link'))).toBe(false);
    }

    // Another center's counsellor sees neither the case in her list nor the case itself.
    const other = (
      await callJson(fixture.url, 'POST', '/v1/auth/login', undefined, {
        email: 'counsellor@other-center.example.kr',
        password: 'a counsellor passphrase',
      })
    ).body['token'] as string;
    expect((await callJson(fixture.url, 'GET', '/v1/cases', other)).body['cases']).toEqual([]);
    expect((await callJson(fixture.url, 'GET', `/v1/cases/${code}`, other)).status).toBe(404);
    expect((await callJson(fixture.url, 'GET', `/v1/cases/${code}/notes`, other)).status).toBe(404);
    expect(
      (await callJson(fixture.url, 'POST', `/v1/cases/${code}/notes`, other, { text: 'x' })).status,
    ).toBe(404);
    expect((await callJson(fixture.url, 'GET', `/v1/cases/${code}/timeline`, other)).status).toBe(
      404,
    );
    // A victim's own session follows her case but reads no counsellor's notes or history.
    const mine = await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'a victim passphrase',
      urls: ['https://alpha.example/v/9'],
    });
    const victim = mine.body['token'] as string;
    for (const part of ['notes', 'timeline'])
      expect(
        (await callJson(fixture.url, 'GET', `/v1/cases/${mine.body['code']}/${part}`, victim)).body[
          'error'
        ],
      ).toEqual({ code: 'forbidden', message: 'this needs the role counsellor' });
    // Her own center: an empty note is refused with its reason.
    const own = (
      await callJson(fixture.url, 'POST', '/v1/auth/login', undefined, {
        email: 'counsellor@dsc.example.kr',
        password: 'a counsellor passphrase',
      })
    ).body['token'] as string;
    const empty = await callJson(fixture.url, 'POST', `/v1/cases/${code}/notes`, own, {
      text: '   ',
    });
    expect([empty.status, empty.body['error']]).toEqual([
      400,
      { code: 'invalid_input', message: 'text: the note is empty' },
    ]);
    expect((await callJson(fixture.url, 'GET', '/v1/cases')).status).toBe(401);
  });
});
