import { readFileSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectorImage } from '@haechi/core';
import { cosineSimilarity, FaceEmbedder } from '@haechi/detection';
import { decodeImage } from '@haechi/media';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, servePageFiles } from '../support/browser.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';

const require = createRequire(import.meta.url);
const humanDist = dirname(require.resolve('@vladmandic/human'));
const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

// A victim enrols her face in her own browser: the vector it sends must be the one the server
// would compute from the same picture, or screening could never find her.
describe.skipIf(!hasChromium || !hasSharedTestdata)(
  'face enrolment in a real browser (Chromium)',
  () => {
    let server: Server;
    let browser: Browser;
    let origin: string;
    const files = new Map<string, { type: string; body: Buffer }>();
    let png: Buffer;

    beforeAll(async () => {
      const config = await build({
        entryPoints: [fileURLToPath(new URL('../../packages/faces/src/index.ts', import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
      });
      files.set('/face-config.js', {
        type: 'text/javascript',
        body: Buffer.from(config.outputFiles[0].contents),
      });
      files.set('/human.esm.js', {
        type: 'text/javascript',
        body: readFileSync(join(humanDist, 'human.esm.js')),
      });
      for (const name of readdirSync(join(humanDist, '..', 'models')))
        files.set(`/models/${name}`, {
          type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
          body: readFileSync(join(humanDist, '..', 'models', name)),
        });
      for (const name of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm')))
        files.set(`/wasm/${name}`, {
          type: 'application/wasm',
          body: readFileSync(join(wasmDist, name)),
        });
      files.set('/', {
        type: 'text/html',
        body: Buffer.from(`<!doctype html><title>enrol</title><script type="module">
        import { Human } from '/human.esm.js';
        import { humanFaceConfig, describedFaces } from '/face-config.js';
        window.enrol = async (src) => {
          const human = new Human(humanFaceConfig({ backend: 'wasm', wasmPath: '/wasm/', modelBasePath: '/models/' }));
          await human.load();
          const image = new Image();
          image.src = src;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.naturalWidth;
          canvas.height = image.naturalHeight;
          canvas.getContext('2d').drawImage(image, 0, 0);
          const faces = describedFaces((await human.detect(canvas)).face);
          return { backend: human.tf.getBackend(), faces: faces.length, embedding: faces[0] ? [...faces[0].embedding] : [] };
        };
      </script>`),
      });
      const person = readdirSync(join(SHARED_TESTDATA, 'faces')).sort()[2];
      const first = readdirSync(join(SHARED_TESTDATA, 'faces', person)).sort()[0];
      // PNG, so the browser and the server start from the very same pixels.
      png = await sharp(readFileSync(join(SHARED_TESTDATA, 'faces', person, first)))
        .png()
        .toBuffer();
      files.set('/face.png', { type: 'image/png', body: png });
      ({ server, origin } = await servePageFiles(files));
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    it('computes in the page, from a picture that never leaves it, the vector the server computes', async () => {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'enrol' in window);
      const inBrowser = await page.evaluate(
        (src) =>
          (
            window as unknown as {
              enrol: (
                s: string,
              ) => Promise<{ backend: string; faces: number; embedding: number[] }>;
            }
          ).enrol(src),
        '/face.png',
      );
      await page.close();
      const embedder = await FaceEmbedder.load();
      const serverFaces = await embedder.embed(
        (await decodeImage(new Uint8Array(png))) as DetectorImage,
      );
      const onServer = serverFaces[0];
      const similarity = cosineSimilarity(
        Float32Array.from(inBrowser.embedding),
        onServer.embedding,
      );
      console.log(
        `face vector, browser (${inBrowser.backend}) vs server: cosine ${similarity.toFixed(5)}`,
      );
      expect([inBrowser.faces, inBrowser.embedding.length]).toEqual([serverFaces.length, 1024]);
      expect(similarity).toBeGreaterThan(0.99);
      // Nothing but the page's own files was fetched: the picture was not sent anywhere.
      expect(requests.every((p) => files.has(p))).toBe(true);
    });
  },
);
