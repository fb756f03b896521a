import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { browserFaceAssets } from '@haechi/detection';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

/**
 * Only this origin's own files and API (and WebAssembly compiled from this origin's own binaries,
 * for face enrolment): no inline script, no third party. `blob:` images are the
 * victim's own pictures, previewed on her device and never sent.
 */
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The default place of the built console (packages/console/dist), from src or dist alike. */
export const DEFAULT_CONSOLE_DIR = new URL('../../../console/dist/', import.meta.url).pathname;

/**
 * `/`: the web console, built by Vite. Files are read once at start from a fixed list (the build's
 * output), so no request path ever reaches the file system.
 */
export function consoleRoutes(dir: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (c) =>
      c.text('The console is not built: run `npm run build` (npm start does it).', 503),
    );
    return app;
  }
  const page = readFileSync(index);
  const assetsDir = join(dir, 'assets');
  const assets = new Map(
    (existsSync(assetsDir) ? readdirSync(assetsDir) : [])
      .filter((name) => TYPES[extname(name)])
      .map((name) => [name, readFileSync(join(assetsDir, name))]),
  );
  app.get('/', (c) =>
    c.body(new Uint8Array(page), 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'cache-control': 'no-cache',
    }),
  );
  // The face models and WebAssembly for enrolment in the victim's browser, read when first asked.
  const faceAssets = browserFaceAssets();
  const faceCache = new Map<string, Buffer>();
  app.get('/face/:folder/:name', async (c) => {
    const key = `${c.req.param('folder')}/${c.req.param('name')}`;
    const path = faceAssets.get(key);
    if (!path) return c.notFound();
    let file = faceCache.get(key);
    if (!file) {
      file = await readFile(path);
      faceCache.set(key, file);
    }
    return c.body(new Uint8Array(file), 200, {
      'content-type': TYPES[extname(key)],
      'cache-control': 'public, max-age=86400',
    });
  });
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const file = assets.get(name);
    if (!file) return c.notFound();
    // Vite names assets by their content hash: they never change under the same name.
    return c.body(new Uint8Array(file), 200, {
      'content-type': TYPES[extname(name)],
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}
