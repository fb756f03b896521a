import { OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.js';
import { AccessTable, accessRoute, declaredRoutes } from './route-access.js';

const ok = { 200: { description: 'ok' } };

describe('AccessTable', () => {
  const table = new AccessTable([
    { method: 'get', path: '/v1/cases/{code}', access: { callers: ['victim'], tenant: 'case' } },
    { method: 'get', path: '/v1/cases/open', access: { callers: ['anyone'], tenant: 'none' } },
    {
      method: 'post',
      path: '/v1/notices/{id}/{action}',
      access: { callers: ['platform'], tenant: 'caller-org' },
    },
  ]);

  it('finds a route by method and path, a static segment before a parameter', () => {
    expect(table.find('GET', '/v1/cases/open')?.callers).toEqual(['anyone']);
    expect(table.find('get', '/v1/cases/HC-1234')?.callers).toEqual(['victim']);
    expect(table.find('POST', '/v1/notices/7/acknowledge')?.callers).toEqual(['platform']);
  });

  it('finds nothing for another method, a longer path or a regex in disguise', () => {
    expect(table.find('POST', '/v1/cases/HC-1234')).toBeUndefined();
    expect(table.find('GET', '/v1/cases/HC-1234/notes')).toBeUndefined();
    expect(table.find('POST', '/v1/notices/7')).toBeUndefined();
    expect(table.find('GET', '/v1/casesXopen')).toBeUndefined();
  });
});

describe('accessRoute', () => {
  it('puts the declaration in the OpenAPI document and in the registry create-app reads', () => {
    const app = new OpenAPIHono<AppEnv>();
    app.openapi(
      accessRoute(
        { callers: ['reviewer', 'admin'], tenant: 'all' },
        {
          method: 'get',
          path: '/v1/things/{id}',
          request: { params: z.object({ id: z.string() }) },
          responses: ok,
        },
      ),
      (c) => c.body(null, 200),
    );
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
    });
    expect(document.paths?.['/v1/things/{id}']?.get?.['x-haechi-access']).toEqual({
      callers: ['reviewer', 'admin'],
      tenant: 'all',
    });
    expect(declaredRoutes(app)).toEqual([
      {
        method: 'get',
        path: '/v1/things/{id}',
        access: { callers: ['reviewer', 'admin'], tenant: 'all' },
      },
    ]);
  });

  it('refuses a signed-in caller of another role, and a caller with no credential', async () => {
    const app = new OpenAPIHono<AppEnv>();
    app.onError((error, c) => c.json({ message: error.message }, 418));
    app.use('*', async (c, next) => {
      const role = c.req.header('x-role');
      if (role)
        c.set('principal', { kind: 'user', orgId: 1, role: role as 'admin', actor: 'user:1' });
      await next();
    });
    app.openapi(
      accessRoute(
        { callers: ['reviewer'], tenant: 'all' },
        { method: 'get', path: '/v1/r', responses: ok },
      ),
      (c) => c.body(null, 200),
    );
    expect((await app.request('/v1/r', { headers: { 'x-role': 'reviewer' } })).status).toBe(200);
    expect(
      await (await app.request('/v1/r', { headers: { 'x-role': 'platform' } })).json(),
    ).toEqual({
      message: 'this needs the role reviewer',
    });
    expect(await (await app.request('/v1/r')).json()).toEqual({
      message: 'a valid API key or session token is required',
    });
  });
});
