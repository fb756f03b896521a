import { createHash } from 'node:crypto';
import { computeEnrolmentCrops, computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { callJson } from '../support/json-api.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const fixture = new ConsoleFixture();
const photos: Buffer[] = [];
/** A phone-sized page: she may well be on her phone. */
const openPage = (language: 'ko' | 'en', hash = '#/'): Promise<Page> =>
  fixture.open(language, hash, { width: 420, height: 900 });

// The victim portal, driven in Debian's Chromium against the real server.
describe.skipIf(!hasChromium)('the victim portal in a real browser', () => {
  beforeAll(async () => {
    await fixture.start(async (stores) => {
      await addOrg(stores, { name: 'alpha', kind: 'platform', domains: ['alpha.example'] });
    });
    for (const seed of [3, 4]) {
      const image = syntheticPhoto(400, 300, seed);
      photos.push(
        await sharp(image.data, { raw: { width: 400, height: 300, channels: 3 } })
          .png()
          .toBuffer(),
      );
    }
  });
  afterAll(() => fixture.close());

  it('files a request from two pictures without any image bytes leaving the browser', async () => {
    const page = await openPage('en', '#/request');
    const sent: Array<{ method: string; path: string; body: Buffer | null }> = [];
    page.on('request', (r) =>
      sent.push({ method: r.method(), path: new URL(r.url()).pathname, body: r.postDataBuffer() }),
    );
    await page
      .locator('input[type=file]')
      .setInputFiles(
        photos.map((buffer, i) => ({ name: `me-${i + 1}.png`, mimeType: 'image/png', buffer })),
      );
    await expect.poll(() => page.getByText('Fingerprint computed on this device').count()).toBe(2);
    await page
      .getByLabel('Where did you see them?')
      .fill('https://alpha.example/p/1\nhttps://elsewhere.example/x');
    await page.getByLabel('Choose a passphrase').fill('a long passphrase of mine');
    await page.getByLabel('The passphrase again').fill('a long passphrase of mine');
    await fixture.screenshot(page, 'request-en');
    await page.getByRole('button', { name: 'Send the request' }).click();
    const code = (await page.getByTestId('case-code').textContent()) ?? '';
    expect(code).toMatch(/^HC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect
      .poll(() => page.getByText('1 platform(s) were told to remove the content.').count())
      .toBe(1);
    await expect.poll(() => page.getByText('elsewhere.example').count()).toBe(1);

    // What left the browser: one JSON request with hashes, and no byte of either picture.
    const withBodies = sent.filter((r) => r.body !== null);
    expect(withBodies.map((r) => [r.method, r.path])).toEqual([['POST', '/v1/cases']]);
    const body = withBodies[0].body!;
    for (const photo of photos) {
      expect(body.length).toBeLessThan(photo.length / 10);
      expect(body.includes(photo.subarray(100, 164))).toBe(false);
      expect(body.includes(Buffer.from(photo.subarray(100, 164).toString('base64')))).toBe(false);
    }
    const request = JSON.parse(body.toString()) as {
      hashes: Array<{ signalType: string; signal: string; derived?: unknown }>;
    };
    const expected = await Promise.all(
      photos.map(async (p) => [
        {
          signalType: 'pdq',
          signal: formatHash256(computePdq(await decodeImage(new Uint8Array(p))).hash),
          // Its crops, hashed in the browser too: a cut-down re-post of it matches.
          derived: computeEnrolmentCrops(await decodeImage(new Uint8Array(p))).map((c) => ({
            crop: c.crop,
            signal: formatHash256(c.hash),
          })),
        },
        { signalType: 'md5', signal: createHash('md5').update(p).digest('hex') },
        { signalType: 'sha256', signal: createHash('sha256').update(p).digest('hex') },
      ]),
    );
    // PNG pixels drawn on a canvas are the server's pixels: the PDQ hashes (crops too) are the same, bit for bit.
    expect(request.hashes).toEqual(expected.flat());

    // She follows it, and withdraws it.
    await page.getByRole('button', { name: 'Follow my request' }).click();
    await expect.poll(() => page.getByTestId('status-code').textContent()).toBe(code);
    await expect.poll(() => page.getByText('Sent to the platform').count()).toBe(1);
    await fixture.screenshot(page, 'case-en');
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Withdraw my request' }).click();
    await expect.poll(() => page.getByText('Withdrawn').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('opens a request with its code and passphrase, in Korean', async () => {
    const opened = await callJson(fixture.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'another long passphrase',
      urls: ['https://alpha.example/p/2'],
    });
    const page = await openPage('ko', '#/case');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await page.getByLabel('요청 코드').fill((opened.body['code'] as string).toLowerCase());
    await page.getByLabel('비밀문구 정하기').fill('wrong passphrase here');
    await page.getByRole('button', { name: '내 요청 열기' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await page.getByLabel('비밀문구 정하기').fill('another long passphrase');
    await page.getByRole('button', { name: '내 요청 열기' }).click();
    await expect.poll(() => page.getByText('플랫폼에 보냄').count()).toBe(1);
    await fixture.screenshot(page, 'case-ko');
    await page.close();
  });

  it('shows the home page in both languages, with the support center', async () => {
    for (const language of ['ko', 'en'] as const) {
      const page = await openPage(language);
      const support =
        language === 'ko'
          ? '디지털성범죄피해자지원센터'
          : 'Digital Sex Crime Victim Support Center';
      await expect.poll(() => page.getByText(support).count()).toBe(1);
      await fixture.screenshot(page, `home-${language}`);
      await page.close();
    }
    const page = await openPage('ko', '#/request');
    await fixture.screenshot(page, 'request-ko');
    await page.close();
  });
});
