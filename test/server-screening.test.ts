import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyHaechiSignature } from '@haechi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';
import { SHARED_TESTDATA, hasSharedTestdata } from './support/shared-testdata.js';
import { syntheticPhoto } from './support/synthetic-images.js';
import { makeSlideshow } from './support/synthetic-video.js';

let dir: string;
let server: ServerProcess;
let key: string;
let photos: Uint8Array[];

/** Benign photos from ../shared/testdata when present, else generated scenes. */
async function loadPhotos(): Promise<Uint8Array[]> {
  if (hasSharedTestdata) {
    const folder = join(SHARED_TESTDATA, 'photos');
    const names = (await readdir(folder))
      .filter((n) => n.endsWith('.jpg'))
      .sort()
      .slice(0, 5);
    return Promise.all(names.map(async (n) => new Uint8Array(await readFile(join(folder, n)))));
  }
  return Promise.all(
    [1, 2, 3, 4, 5].map(async (seed) => {
      const image = syntheticPhoto(480, 320, seed);
      return new Uint8Array(
        await sharp(image.data, { raw: { width: 480, height: 320, channels: 3 } })
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
    }),
  );
}

const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });

async function screenRaw(bytes: Uint8Array, type = 'application/octet-stream', token = key) {
  const response = await fetch(`${server.url}/v1/screen?contentId=c-1`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: Buffer.from(bytes),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function screenMultipart(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set('media', new Blob([Buffer.from(bytes)]), name);
  form.set('contentId', 'upload-77');
  const response = await fetch(`${server.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function screenJson(body: unknown, token = key) {
  const response = await fetch(`${server.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function postEarlyAnswer(
  url: string,
  body: Uint8Array,
  token: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'image/jpeg',
        'content-length': body.length,
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(Buffer.from(body));
  });
}

const verdictOf = async (bytes: Uint8Array) => {
  const { status, body } = await screenRaw(bytes);
  expect(status, JSON.stringify(body)).toBe(200);
  return body['verdict'];
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-server-'));
  photos = await loadPhotos();
  expect((await cli('bank', 'create', 'confirmed')).code).toBe(0);
  expect(
    (await cli('admin', 'create-org', 'webtoon', '--kind', 'platform', '--jurisdiction', 'KR'))
      .stdout,
  ).toBe('created platform "webtoon" (id 1, KR)\n');
  const issued = await cli('admin', 'create-key', '--org', 'webtoon');
  expect(issued.code).toBe(0);
  key = issued.stdout.trim();
  expect(key).toMatch(/^hk_/);
  server = await startServerProcess(dir, {
    // Small limits, so the limit tests need no large files; private callbacks for the local receiver.
    HAECHI_MAX_VIDEO_SECONDS: '5',
    HAECHI_MAX_IMAGE_BYTES: '3000000',
    HAECHI_MAX_VIDEO_BYTES: '3000000',
    HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true',
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('screening through the real server', () => {
  it('allows everything before any bank holds a match, photos and video alike', async () => {
    for (const photo of photos) expect(await verdictOf(photo)).toBe('allow');
    const video = await makeSlideshow([photos[1]!, photos[2]!], { secondsEach: 2 });
    const { body } = await screenRaw(video, 'video/mp4');
    expect([body['verdict'], body['mediaKind'], body['id']]).toEqual(['allow', 'video', null]);
    expect((body['hashes'] as { videoFrames: number }).videoFrames).toBeGreaterThanOrEqual(1);
  });

  it('blocks a banked photo, its altered copies and a video made from it, and allows the others', async () => {
    await writeFile(join(dir, 'known.jpg'), photos[0]!);
    const hashed = jsonLines((await cli('hash', join(dir, 'known.jpg'))).stdout)[0]!;
    await writeFile(
      join(dir, 'known.csv'),
      `signal_type,signal,category\npdq,${hashed['pdq']},test\nmd5,${hashed['md5']},test\n`,
    );
    expect((await cli('bank', 'import', 'confirmed', join(dir, 'known.csv'))).stdout).toBe(
      'imported 2 entries into "confirmed"\n',
    );
    // The server follows the change feed: the new entries match within a second.
    const start = Date.now();
    while ((await verdictOf(photos[0]!)) !== 'block') {
      expect(Date.now() - start).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exact = await screenRaw(photos[0]!, 'image/jpeg');
    expect(exact.body).toMatchObject({
      verdict: 'block',
      reasons: [{ rule: 'confirmed-match', verdict: 'block' }],
      mediaKind: 'image',
      hashes: { pdq: hashed['pdq'], md5: hashed['md5'] },
    });
    expect(exact.body['id']).toMatch(/^scr_[\w-]{22}$/);
    expect(
      (exact.body['matches'] as Array<{ signalType: string }>).map((m) => m.signalType).sort(),
    ).toEqual(['md5', 'pdq']);

    const original = sharp(photos[0]!);
    const { width } = await original.metadata();
    const copies = {
      resized: await sharp(photos[0]!)
        .resize(Math.round((width as number) / 2))
        .jpeg({ quality: 85 })
        .toBuffer(),
      recompressed: await sharp(photos[0]!).jpeg({ quality: 30 }).toBuffer(),
      flipped: await sharp(photos[0]!).flop().jpeg({ quality: 90 }).toBuffer(),
      png: await sharp(photos[0]!).png().toBuffer(),
    };
    for (const [what, bytes] of Object.entries(copies)) {
      const { body } = await screenRaw(new Uint8Array(bytes));
      expect([what, body['verdict']]).toEqual([what, 'block']);
    }
    const flipped = (await screenRaw(new Uint8Array(copies.flipped))).body;
    expect((flipped['matches'] as Array<{ variant: number }>)[0]!.variant).not.toBe(0);

    const video = await makeSlideshow([photos[3]!, photos[0]!], { secondsEach: 2 });
    const fromVideo = await screenMultipart(video, 'holiday.mp4');
    expect(fromVideo.body['verdict']).toBe('block');
    const frameMatch = (fromVideo.body['matches'] as Array<{ frameTimestampSec?: number }>).find(
      (m) => m.frameTimestampSec !== undefined,
    );
    expect(frameMatch!.frameTimestampSec).toBeGreaterThanOrEqual(2);

    for (const other of photos.slice(1)) expect(await verdictOf(other)).toBe('allow');

    const byHash = await screenJson({ contentId: 'p-1', hashes: { pdq: [hashed['pdq']] } });
    expect([byHash.status, byHash.body['verdict'], byHash.body['mediaKind']]).toEqual([
      200,
      'block',
      'hashes',
    ]);
    const byMd5 = await screenJson({ hashes: { md5: String(hashed['md5']).toUpperCase() } });
    expect(byMd5.body['verdict']).toBe('block');
  });

  it('blocks a re-encoded copy of a banked video by its vPDQ frames', async () => {
    const original = await makeSlideshow([photos[3]!, photos[4]!], { secondsEach: 2 });
    const copy = await makeSlideshow([photos[3]!, photos[4]!], {
      secondsEach: 2,
      format: 'webm',
      size: '256x192',
    });
    expect(await verdictOf(copy)).toBe('allow');
    await writeFile(join(dir, 'original.mp4'), original);
    const hashed = jsonLines((await cli('hash', join(dir, 'original.mp4'))).stdout)[0]!;
    expect(String(hashed['vpdq'])).toMatch(/^0,[0-9a-f]{64},\d+,0(;\d+,[0-9a-f]{64},\d+,[\d.]+)*$/);
    await writeFile(
      join(dir, 'videos.jsonl'),
      `${JSON.stringify({ signal_type: 'vpdq', signal: hashed['vpdq'] })}\n`,
    );
    await cli('bank', 'create', 'video-confirmed');
    expect((await cli('bank', 'import', 'video-confirmed', join(dir, 'videos.jsonl'))).code).toBe(
      0,
    );
    const start = Date.now();
    let body: Record<string, unknown> = {};
    // Each try decodes a video, so this bounds the wait loosely; the feed's one-second promise is
    // tested with images above and across processes in bank-change-feed.test.ts.
    while (body['verdict'] !== 'block') {
      expect(Date.now() - start).toBeLessThan(10_000);
      body = (await screenRaw(copy, 'video/webm')).body;
    }
    expect(body['matches']).toEqual([
      expect.objectContaining({ bank: 'video-confirmed', signalType: 'vpdq', distance: 0 }),
    ]);
  });

  it('screens a batch, each item on its own', async () => {
    const response = await fetch(`${server.url}/v1/screen/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { contentId: 'a', mediaBase64: Buffer.from(photos[0]!).toString('base64') },
          { contentId: 'b', mediaBase64: Buffer.from(photos[1]!).toString('base64') },
          { contentId: 'c', hashes: { pdq: ['xyz'] } },
          { contentId: 'd' },
        ],
      }),
    });
    const { results } = (await response.json()) as {
      results: Array<{ result?: { verdict: string }; error?: { code: string } }>;
    };
    expect(results.map((r) => r.result?.verdict ?? r.error?.code)).toEqual([
      'block',
      'allow',
      'invalid_hash',
      'invalid_input',
    ]);
  });

  it('answers bad input with a 4xx and a code, and stays healthy', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(7)]);
    expect(await screenRaw(zip, 'video/mp4')).toMatchObject({
      status: 415,
      body: { error: { code: 'media_unsupported_type' } },
    });
    const cut = photos[1]!.subarray(0, 2000);
    expect((await screenRaw(cut, 'image/jpeg')).body).toMatchObject({
      error: { code: 'media_truncated' },
    });
    expect(await screenRaw(new Uint8Array(0))).toMatchObject({
      status: 400,
      body: { error: { code: 'media_empty' } },
    });
    expect(await screenJson({ hashes: { pdq: ['abc'] } })).toMatchObject({
      status: 400,
      body: {
        error: { code: 'invalid_hash', message: 'pdq[0]: PDQ hash must be 64 hex digits, got 3' },
      },
    });
    expect(await screenJson({ hashes: { pdq: ['0'.repeat(64)] }, extra: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input' } },
    });
    expect(await screenJson({ hashes: {} })).toMatchObject({
      status: 400,
      body: { error: { message: 'give at least one of pdq, md5, sha256, vpdq' } },
    });
    const malformed = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"hashes":',
    });
    expect(malformed.status).toBe(400);
    expect(await screenJson({ hashes: { md5: '0'.repeat(32) } }, 'hk_notakey')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    const health = await fetch(`${server.url}/readyz`);
    expect(health.status).toBe(200);
  });

  it('refuses other roles, and lets a platform manage only its own keys', async () => {
    await cli('admin', 'create-org', 'kcsc', '--kind', 'regulator');
    const created = await runCli(
      ['admin', 'create-user', 'reviewer@kcsc.example.kr', '--org', 'kcsc', '--role', 'reviewer'],
      {
        HAECHI_DATA: dir,
      },
      'a long enough password\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'reviewer@kcsc.example.kr',
        password: 'a long enough password',
      }),
    });
    const { token } = (await login.json()) as { token: string };
    expect(token).toMatch(/^hs_/);
    expect(await screenJson({ hashes: { md5: '0'.repeat(32) } }, token)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'this needs the role platform' } },
    });
    const me = await fetch(`${server.url}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'reviewer' });

    const keys = await fetch(`${server.url}/v1/keys`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const list = (await keys.json()) as { keys: Array<{ id: number; prefix: string }> };
    expect(list.keys).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(key.slice(16));
    await cli('admin', 'create-org', 'other', '--kind', 'platform');
    const otherKey = (await cli('admin', 'create-key', '--org', 'other')).stdout.trim();
    const revokeForeign = await fetch(`${server.url}/v1/keys/${list.keys[0]!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${otherKey}` },
    });
    expect(revokeForeign.status).toBe(404);
    expect((await screenJson({ hashes: { md5: '0'.repeat(32) } })).status).toBe(200);
  });

  it('refuses an upload over the size limit and a video over the duration limit', async () => {
    const huge = new Uint8Array(3_200_000);
    huge.set(photos[1]!);
    // The server answers 413 from the declared length and closes without reading the body, so the
    // answer is read with node:http, which (unlike fetch) reports a response that comes mid-upload.
    expect(await postEarlyAnswer(`${server.url}/v1/screen`, huge, key)).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'payload_too_large',
          message: 'the request body is over the limit of 3065536 bytes',
        },
      },
    });
    const long = await makeSlideshow([photos[1]!, photos[2]!, photos[3]!], { secondsEach: 2 });
    expect(await screenRaw(long, 'video/mp4')).toMatchObject({
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
    const long = await makeSlideshow([photos[1]!, photos[2]!, photos[0]!], { secondsEach: 2 });
    const post = (token = key) =>
      fetch(
        `${server.url}/v1/screen/async?callbackUrl=${encodeURIComponent(callbackUrl)}&contentId=v-9`,
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
    const secretResponse = await fetch(`${server.url}/v1/webhook-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    const { secret } = (await secretResponse.json()) as { secret: string };
    const queued = await post();
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as { id: string; status: string };
    expect([job.id.startsWith('job_'), job.status]).toEqual([true, 'queued']);

    const start = Date.now();
    while (received.length === 0) {
      expect(Date.now() - start).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
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
    const polled = await fetch(`${server.url}/v1/screen/jobs/${job.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await polled.json()).toMatchObject({
      status: 'done',
      callback: { status: 'delivered', attempts: 1 },
    });
    const spool = await readdir(join(dir, 'spool'));
    expect(spool).toEqual([]);
  });

  it('publishes its OpenAPI document and a docs page', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
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
    const page = await fetch(`${server.url}/docs`);
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js');
  });

  it('never writes hashes, keys or bytes to its logs', () => {
    const logs = server.logs.join('\n');
    expect(logs).toContain('"msg":"request"');
    expect(logs).not.toContain(key);
    expect(logs).not.toContain('hashes');
  });
});
