import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueApiKey } from '@haechi/access';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/browser.js';
import { addOrg, ConsoleFixture } from '../support/console-fixture.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const fixture = new ConsoleFixture();
let key = '';
const photoOf = (person: string, n: number) =>
  readFileSync(
    join(
      SHARED_TESTDATA,
      'faces',
      person,
      readdirSync(join(SHARED_TESTDATA, 'faces', person)).sort()[n],
    ),
  );

/** The face detector's score for an upload screened by the platform (undefined: no face matched). */
async function faceScore(bytes: Buffer): Promise<number | undefined> {
  const response = await fetch(`${fixture.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(bytes),
  });
  const answer = (await response.json()) as { scores: Array<{ detector: string; score: number }> };
  return answer.scores.find((s) => s.detector === 'face')?.score;
}

// She asks the portal to look for her face too: the vectors are computed in her browser, with the
// models the server serves, and screening then finds her in a photo she never gave.
describe.skipIf(!hasChromium || !hasSharedTestdata)('face enrolment in the victim portal', () => {
  beforeAll(async () => {
    await fixture.start(
      async (stores) => {
        const orgId = await addOrg(stores, {
          name: 'alpha',
          kind: 'platform',
          domains: ['alpha.example'],
        });
        const at = new Date().toISOString();
        key = (await issueApiKey(stores.access, { orgId, label: 'upload', createdBy: 'test', at }))
          .key;
      },
      { HAECHI_DETECTORS: 'face' },
    );
  });
  afterAll(() => fixture.close());

  it('enrols her face from her pictures without sending them, and screening finds her', async () => {
    const people = readdirSync(join(SHARED_TESTDATA, 'faces')).sort();
    const [her, someoneElse] = [people[0], people[1]];
    const landscape = syntheticPhoto(400, 300, 9);
    const pictures = [
      { name: 'me-1.jpg', mimeType: 'image/jpeg', buffer: photoOf(her, 0) },
      { name: 'me-2.jpg', mimeType: 'image/jpeg', buffer: photoOf(her, 1) },
      {
        name: 'view.png',
        mimeType: 'image/png',
        buffer: await sharp(landscape.data, { raw: { width: 400, height: 300, channels: 3 } })
          .png()
          .toBuffer(),
      },
    ];
    expect(await faceScore(photoOf(her, 3))).toBeUndefined(); // nobody enrolled yet

    const page = await fixture.open('en', '#/request', { width: 420, height: 900 });
    const sent: Array<{ method: string; path: string; body: Buffer | null }> = [];
    page.on('request', (r) =>
      sent.push({ method: r.method(), path: new URL(r.url()).pathname, body: r.postDataBuffer() }),
    );
    await page.getByLabel('Also look for new pictures of my face (optional)').check();
    await page.locator('input[type=file]').setInputFiles(pictures);
    await expect
      .poll(() => page.getByTestId('image-state').allTextContents(), { timeout: 60_000 })
      .toEqual([
        'Fingerprint computed on this device Face fingerprint ready.',
        'Fingerprint computed on this device Face fingerprint ready.',
        'Fingerprint computed on this device No face found in this picture.',
      ]);
    await page.getByLabel('Where did you see them?').fill('https://alpha.example/p/1');
    await page.getByLabel('Choose a passphrase').fill('a long passphrase of mine');
    await page.getByLabel('The passphrase again').fill('a long passphrase of mine');
    await fixture.screenshot(page, 'request-face-en');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => page.getByTestId('case-code').count()).toBe(1);
    await page.close();

    // The browser fetched the face models and WebAssembly from this server, and sent one request
    // with a body: two face vectors and the hashes, no byte of any picture.
    expect(sent.some((r) => r.path === '/face/models/faceres.bin')).toBe(true);
    expect(sent.some((r) => r.path.startsWith('/face/wasm/'))).toBe(true);
    const withBodies = sent.filter((r) => r.body !== null);
    expect(withBodies.map((r) => [r.method, r.path])).toEqual([['POST', '/v1/cases']]);
    const body = withBodies[0].body!;
    for (const picture of pictures) {
      expect(body.includes(picture.buffer.subarray(200, 264))).toBe(false);
      expect(body.includes(Buffer.from(picture.buffer.subarray(200, 264).toString('base64')))).toBe(
        false,
      );
    }
    const request = JSON.parse(body.toString()) as { faceEmbeddings: number[][] };
    expect(request.faceEmbeddings.map((v) => v.length)).toEqual([1024, 1024]);

    // Screening now knows her face in a photo she never gave, and not someone else's.
    expect(await faceScore(photoOf(her, 3))).toBeGreaterThanOrEqual(0.5);
    expect((await faceScore(photoOf(someoneElse, 0))) ?? 0).toBeLessThan(0.5);
  });
});
