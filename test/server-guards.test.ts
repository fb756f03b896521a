import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyHaechiSignature } from '@haechi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { ScreeningFixture } from './support/screening-fixture.js';
import { makeSlideshow } from '@haechi/testkit/synthetic-video';
import { waitUntil } from './support/wait-until.js';

const f = new ScreeningFixture({
  // Small limits, so the limit tests need no large files; private callbacks for the local receiver.
  HAECHI_MAX_VIDEO_SECONDS: '5',
  HAECHI_MAX_IMAGE_BYTES: '3000000',
  HAECHI_MAX_VIDEO_BYTES: '3000000',
  HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true',
});
beforeAll(async () => {
  await f.start();
  await f.bankPhoto(0);
});
afterAll(() => f.stop());

describe('the server under bad input, other roles, limits and background work', () => {
  it('answers bad input with a 4xx and a code, and stays healthy', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(7)]);
    expect(await f.screenRaw(zip, 'video/mp4')).toMatchObject({
      status: 415,
      body: { error: { code: 'media_unsupported_type' } },
    });
    const cut = f.photos[1].subarray(0, 2000);
    expect((await f.screenRaw(cut, 'image/jpeg')).body).toMatchObject({
      error: { code: 'media_truncated' },
    });
    expect(await f.screenRaw(new Uint8Array(0))).toMatchObject({
      status: 400,
      body: { error: { code: 'media_empty' } },
    });
    expect(await f.screenJson({ hashes: { pdq: ['abc'] } })).toMatchObject({
      status: 400,
      body: {
        error: { code: 'invalid_hash', message: 'pdq[0]: PDQ hash must be 64 hex digits, got 3' },
      },
    });
    expect(await f.screenJson({ hashes: { pdq: ['0'.repeat(64)] }, extra: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input' } },
    });
    expect(await f.screenJson({ hashes: {} })).toMatchObject({
      status: 400,
      body: { error: { message: 'give at least one of pdq, md5, sha256, vpdq' } },
    });
    const malformed = await fetch(`${f.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.key}`, 'content-type': 'application/json' },
      body: '{"hashes":',
    });
    expect(malformed.status).toBe(400);
    expect(await f.screenJson({ hashes: { md5: '0'.repeat(32) } }, 'hk_notakey')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    const health = await fetch(`${f.url}/readyz`);
    expect(health.status).toBe(200);
  });

  it('refuses other roles, and lets a platform manage only its own keys', async () => {
    await f.cli('admin', 'create-org', 'kcsc', '--kind', 'regulator');
    const created = await runCli(
      ['admin', 'create-user', 'reviewer@kcsc.example.kr', '--org', 'kcsc', '--role', 'reviewer'],
      {
        HAECHI_DATA: f.dir,
      },
      'a long enough password\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const login = await fetch(`${f.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'reviewer@kcsc.example.kr',
        password: 'a long enough password',
      }),
    });
    const { token } = (await login.json()) as { token: string };
    expect(token).toMatch(/^hs_/);
    expect(await f.screenJson({ hashes: { md5: '0'.repeat(32) } }, token)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'this needs the role platform' } },
    });
    const me = await fetch(`${f.url}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'reviewer' });

    const keys = await fetch(`${f.url}/v1/keys`, {
      headers: { authorization: `Bearer ${f.key}` },
    });
    const list = (await keys.json()) as { keys: Array<{ id: number; prefix: string }> };
    expect(list.keys).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(f.key.slice(16));
    await f.cli('admin', 'create-org', 'other', '--kind', 'platform');
    const otherKey = (await f.cli('admin', 'create-key', '--org', 'other')).stdout.trim();
    const revokeForeign = await fetch(`${f.url}/v1/keys/${list.keys[0].id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${otherKey}` },
    });
    expect(revokeForeign.status).toBe(404);
    expect((await f.screenJson({ hashes: { md5: '0'.repeat(32) } })).status).toBe(200);
  });

  it('refuses an upload over the size limit and a video over the duration limit', async () => {
    const huge = new Uint8Array(3_200_000);
    huge.set(f.photos[1]);
    // The server answers 413 from the declared length and closes without reading the body, so the
    // answer is read with node:http, which (unlike fetch) reports a response that comes mid-upload.
    expect(await f.postEarlyAnswer('/v1/screen', huge)).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'payload_too_large',
          message: 'the request body is over the limit of 3065536 bytes',
        },
      },
    });
    const long = await makeSlideshow([f.photos[1], f.photos[2], f.photos[3]], {
      secondsEach: 2,
    });
    expect(await f.screenRaw(long, 'video/mp4')).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'media_too_long',
          message: 'the video is longer than 5 s, the limit for screening it',
        },
      },
    });
  });

  it('screens a long video in the background and POSTs the signed result to the callback', async () => {
    const received: Array<{ body: string; signature: string | undefined }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString(),
          signature: req.headers['haechi-signature'] as string | undefined,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/haechi`;
    const long = await makeSlideshow([f.photos[1], f.photos[2], f.photos[0]], {
      secondsEach: 2,
    });
    const post = (token = f.key) =>
      fetch(
        `${f.url}/v1/screen/async?callbackUrl=${encodeURIComponent(callbackUrl)}&contentId=v-9`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'video/mp4' },
          body: Buffer.from(long),
        },
      );
    const noSecret = await post();
    expect(noSecret.status).toBe(400);
    expect(((await noSecret.json()) as { error: { message: string } }).error.message).toContain(
      'set a webhook secret first',
    );
    const secretResponse = await fetch(`${f.url}/v1/webhook-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.key}` },
    });
    const { secret } = (await secretResponse.json()) as { secret: string };
    const queued = await post();
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as { id: string; status: string };
    expect([job.id.startsWith('job_'), job.status]).toEqual([true, 'queued']);

    await waitUntil('the callback to arrive', () => received.length > 0);
    receiver.close();
    const [{ body, signature }] = received as [{ body: string; signature: string | undefined }];
    expect(verifyHaechiSignature(secret, body, signature)).toBe(true);
    expect(verifyHaechiSignature(secret, `${body} `, signature)).toBe(false);
    const delivered = JSON.parse(body) as {
      type: string;
      job: {
        id: string;
        status: string;
        contentId: string;
        result: { verdict: string; mediaKind: string };
      };
    };
    expect(delivered).toMatchObject({
      type: 'screening.completed',
      job: {
        id: job.id,
        status: 'done',
        contentId: 'v-9',
        result: { verdict: 'block', mediaKind: 'video' },
      },
    });
    const polled = await fetch(`${f.url}/v1/screen/jobs/${job.id}`, {
      headers: { authorization: `Bearer ${f.key}` },
    });
    expect(await polled.json()).toMatchObject({
      status: 'done',
      callback: { status: 'delivered', attempts: 1 },
    });
    const spool = await readdir(join(f.dir, 'spool'));
    expect(spool).toEqual([]);
  });

  it('publishes its OpenAPI document and a docs page', async () => {
    const doc = (await (await fetch(`${f.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/screen',
        '/v1/screen/batch',
        '/v1/keys',
        '/v1/banks/feed',
        '/healthz',
        '/readyz',
      ]),
    );
    const page = await fetch(`${f.url}/docs`);
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js');
  });

  it('never writes hashes, keys or bytes to its logs', () => {
    const logs = f.logs.join('\n');
    expect(logs).toContain('"msg":"request"');
    expect(logs).not.toContain(f.key);
    expect(logs).not.toContain('hashes');
  });
});
