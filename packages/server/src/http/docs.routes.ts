import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

/** Swagger UI's files, from the swagger-ui-dist npm package: the docs page needs no CDN. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Haechi API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// A separate file rather than an inline script, so the page works under a strict CSP.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });`;

/** `/docs`: the OpenAPI document rendered by Swagger UI, served from local files only. */
export function docsRoutes(): Hono<AppEnv> {
  const require = createRequire(import.meta.url);
  const dir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
  const files = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(dir, name))]));
  const app = new Hono<AppEnv>();
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/init.js', (c) =>
    c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    const file = files.get(name);
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file), 200, {
      'content-type': ASSETS[name],
      'cache-control': 'public, max-age=86400',
    });
  });
  return app;
}
