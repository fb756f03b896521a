import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  computePdq,
  computePdqDihedral,
  formatHash256,
  hammingDistance,
  parseHash256,
} from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import type * as HashingModuleNamespace from '@haechi/hashing';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, servePageFiles } from '../support/browser.js';
import { syntheticImage } from '@haechi/testkit/synthetic-images';

// The victim portal hashes her images in her browser; the server must get the very same hashes.
describe.skipIf(!hasChromium)('@haechi/hashing in a real browser (Chromium)', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;
  const files = new Map<string, { type: string; body: Buffer }>();

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('../../packages/hashing/src/index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
    });
    files.set('/hashing.js', {
      type: 'text/javascript',
      body: Buffer.from(bundle.outputFiles[0].contents),
    });
    const page = `<!doctype html><title>hash</title>
      <script type="module">import * as hashing from '/hashing.js'; window.hashing = hashing;</script>`;
    files.set('/', { type: 'text/html', body: Buffer.from(page) });
    const picture = syntheticImage(300, 200, 2);
    const raw = () =>
      sharp(Buffer.from(picture.data), { raw: { width: 300, height: 200, channels: 3 } });
    files.set('/picture.png', { type: 'image/png', body: await raw().png().toBuffer() });
    files.set('/picture.jpg', {
      type: 'image/jpeg',
      body: await raw().jpeg({ quality: 90 }).toBuffer(),
    });
    ({ server, origin } = await servePageFiles(files));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Loads an image in the page, draws it on a canvas and hashes ImageData and file bytes there. */
  async function hashInBrowser(path: string) {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'hashing' in window);
    const result = await page.evaluate(async (src) => {
      const hashing = (window as unknown as { hashing: typeof HashingModuleNamespace }).hashing;
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d', { colorSpace: 'srgb' })!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      const input = {
        width: pixels.width,
        height: pixels.height,
        channels: 4 as const,
        data: pixels.data,
      };
      const pdq = hashing.computePdq(input);
      const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
      return {
        pdq: hashing.formatHash256(pdq.hash),
        quality: pdq.quality,
        dihedral: hashing.computePdqDihedral(input).hashes.map(hashing.formatHash256),
        md5: hashing.md5Hex(bytes),
        sha256: hashing.sha256Hex(bytes),
        hasNodeGlobals: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      };
    }, path);
    await page.close();
    return result;
  }

  it('hashes a PNG drawn on a canvas exactly as the server does', async () => {
    const body = files.get('/picture.png')!.body;
    const onServer = await decodeImage(body);
    const inBrowser = await hashInBrowser('/picture.png');
    expect(inBrowser.hasNodeGlobals).toBe(false);
    expect(inBrowser).toEqual({
      pdq: formatHash256(computePdq(onServer).hash),
      quality: computePdq(onServer).quality,
      dihedral: computePdqDihedral(onServer).hashes.map(formatHash256),
      md5: createHash('md5').update(body).digest('hex'),
      sha256: createHash('sha256').update(body).digest('hex'),
      hasNodeGlobals: false,
    });
  });

  it('hashes a JPEG within the decoder tolerance of the server (same libjpeg-turbo family)', async () => {
    const body = files.get('/picture.jpg')!.body;
    const onServer = computePdq(await decodeImage(body));
    const inBrowser = await hashInBrowser('/picture.jpg');
    const distance = hammingDistance(parseHash256(inBrowser.pdq), onServer.hash);
    console.log(`browser vs server PDQ distance for a JPEG: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(4);
    expect(inBrowser.md5).toBe(createHash('md5').update(body).digest('hex'));
  });
});
