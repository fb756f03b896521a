// Screening's routes in process (app.request()) on a real store, real banks and the server's own
// hashing workers: the three ways to send an upload, batches, and what bad input is told.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, issueApiKey } from '@haechi/access';
import { BankMatcher, ensureBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import sharp from 'sharp';
import { verifyHaechiSignature } from '@haechi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests } from '../../http/app-for-tests.js';
import { createLogger } from '../../logging/logger.js';
import { createOutboundFetch } from '../../services/outbound/outbound-fetch.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { WebhookSender } from '../webhooks/webhook-sender.js';
import { AsyncScreening } from './async-screening.js';
import { AsyncDetection, DETECTORS_IN_REQUEST_ONLY } from './async-detection.js';
import { BankDirectory } from './bank-directory.js';
import { imageHasherPool } from './image-hasher.js';
import { ScreeningService } from './screening-service.js';
import { screeningFeature } from './screening.feature.js';

const AT = '2026-12-05T09:00:00.000Z';

// The server's own worker threads (the built code), as in production.
const images = imageHasherPool(1);

type Body = Record<string, unknown>;

describe('screening routes', () => {
  let dir: string;
  let stores: EmbeddedStores;
  let app: ReturnType<typeof appForTests>;
  let key = '';
  let known: Buffer;
  let unknown: Buffer;
  let knownPdq = '';
  let asyncScreening: AsyncScreening;
  let detection: AsyncDetection;
  let webhooks: WebhookSender;
  let platformId = 0;
  let receiver: Server;
  let callbackUrl = '';
  const callbacks: Array<{ body: string; signature: string | undefined }> = [];

  const screen = async (init: { body: BodyInit; type?: string; query?: string }) => {
    const response = await app.request(`/v1/screen${init.query ?? ''}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.type !== undefined && { 'content-type': init.type }),
      },
      body: init.body,
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const jpeg = async (seed: number) => {
    const picture = syntheticImage(240, 180, seed);
    const bytes = await sharp(picture.data, { raw: { width: 240, height: 180, channels: 3 } })
      .jpeg()
      .toBuffer();
    // The hash of the JPEG as decoded, as a platform that hashed the upload would send it.
    return { bytes, pdq: formatHash256(computePdq(await decodeImage(bytes)).hash) };
  };

  /** Screening on the test's store with these hashing threads, no detectors. */
  const screeningService = async (hasher: typeof images, now: () => Date) =>
    new ScreeningService({
      access: stores.access,
      screenings: stores.screenings,
      matcher: await BankMatcher.open(stores.banks),
      directory: new BankDirectory(stores.banks),
      detectors: [],
      limits: { image: {}, video: {} },
      images: hasher,
      now,
      // The record is kept; media retention and the review queue are the evidence and review
      // features' (tested there): nothing else is kept here.
      detection: DETECTORS_IN_REQUEST_ONLY,
      holds: { prepare: () => ({ media: null, reviewItem: null }) },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-screening-routes-'));
    stores = openEmbeddedStores(dir);
    const platform = await createOrg(stores.access, {
      name: 'site',
      kind: 'platform',
      jurisdiction: 'KR',
      at: AT,
    });
    platformId = platform.id;
    key = (
      await issueApiKey(stores.access, { orgId: platform.id, label: 'k', createdBy: 't', at: AT })
    ).key;
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    ({ bytes: known, pdq: knownPdq } = await jpeg(11));
    ({ bytes: unknown } = await jpeg(12));
    await ensureBank(stores.banks, {
      name: 'confirmed',
      description: 'confirmed',
      createdBy: 't',
      at: AT,
    });
    await importHashList(stores.banks, {
      bank: 'confirmed',
      lines: [knownPdq],
      source: 'test',
      addedBy: 't',
      at: AT,
    });
    const now = () => new Date();
    const service = await screeningService(images, now);
    // The platform's own server, on loopback (private callbacks allowed, as in a closed deployment).
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const signature = req.headers['haechi-signature'];
        callbacks.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: Array.isArray(signature) ? signature[0] : signature,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/screened`;
    webhooks = new WebhookSender({
      access: stores.access,
      sealer: new Sealer(randomBytes(32)),
      fetch: createOutboundFetch({ allowPrivate: true }),
      now,
    });
    asyncScreening = new AsyncScreening({
      jobs: stores.screenJobs,
      screening: service,
      spoolDir: join(dir, 'spool'),
      logger: createLogger('silent'),
      now,
      allowPrivateCallbacks: true,
      webhooks,
    });
    detection = new AsyncDetection({
      detectors: [],
      screenings: stores.screenings,
      holds: { prepare: () => ({ media: null, reviewItem: null }) },
      jobs: stores.jobs,
      webhooks,
      logger: createLogger('silent'),
      now,
      maxPending: 8,
      staleAfterMs: 600_000,
    });
    app = appForTests(
      [screeningFeature({ service, asyncScreening, detection, screenJobs: stores.screenJobs })],
      { access: stores.access },
    );
  });
  afterAll(async () => {
    await asyncScreening.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await images.close();
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('blocks the raw bytes of a confirmed image, naming the bank and the rule, and keeps a record', async () => {
    const { status, body } = await screen({
      body: new Uint8Array(known),
      type: 'application/octet-stream',
      query: '?contentId=post-1',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      verdict: 'block',
      mediaKind: 'image',
      hashes: { pdq: knownPdq },
      matches: [{ bank: 'confirmed', signalType: 'pdq', distance: 0, variant: 0 }],
    });
    expect((body['reasons'] as Body[]).map((r) => r['rule'])).toEqual(['confirmed-match']);
    const record = await stores.screenings.getScreening(body['id'] as string);
    expect(record).toMatchObject({ verdict: 'block', contentId: 'post-1', mediaKind: 'image' });
  });

  it('finds the confirmed picture inside a border and as the second frame of a GIF, saying where and when', async () => {
    const bordered = await sharp(known)
      .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
      .png()
      .toBuffer();
    const framed = await screen({ body: new Uint8Array(bordered), type: 'image/png' });
    expect(framed.body).toMatchObject({
      verdict: 'block',
      matches: [{ bank: 'confirmed', signalType: 'pdq', region: { x: 24, y: 24, w: 240, h: 180 } }],
    });
    const title = await sharp({
      create: { width: 240, height: 180, channels: 3, background: '#3366aa' },
    })
      .png()
      .toBuffer();
    const gif = await sharp([title, known, known, title], { join: { animated: true } })
      .gif({ delay: [1000, 1000, 1000, 1000], loop: 0 })
      .toBuffer();
    const animated = await screen({ body: new Uint8Array(gif), type: 'image/gif' });
    expect(animated.body).toMatchObject({ verdict: 'block', mediaKind: 'video' });
    const [match] = animated.body['matches'] as Body[];
    expect(match).toMatchObject({ bank: 'confirmed', signalType: 'pdq', frameTimestampSec: 1 });
    expect(match['segments']).toEqual([{ startSec: 1, endSec: 3, distance: match['distance'] }]);
  });

  it('answers 503 with Retry-After when no hashing thread can take the upload, and keeps nothing', async () => {
    // A pool with no thread free and no room to wait: what a burst beyond the machine meets.
    const full = imageHasherPool(0, { maxQueue: 0 });
    const service = await screeningService(full, () => new Date());
    const busy = appForTests(
      [screeningFeature({ service, asyncScreening, detection, screenJobs: stores.screenJobs })],
      { access: stores.access },
    );
    const response = await busy.request('/v1/screen?contentId=burst-1', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(known),
    });
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'overloaded',
        message: 'every image-hashing thread is busy and 0 uploads are waiting; try again shortly',
      },
    });
    await full.close();
  });

  it('allows an unknown image sent as a multipart file, and keeps nothing', async () => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(unknown)], { type: 'image/jpeg' }), 'photo.jpg');
    form.append('contentId', 'post-2');
    const { status, body } = await screen({ body: form });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: null, verdict: 'allow', matches: [] });
  });

  it('matches the hashes a platform computed itself, and refuses a malformed one', async () => {
    const { body } = await screen({
      body: JSON.stringify({ contentId: 'post-3', hashes: { pdq: [knownPdq] } }),
      type: 'application/json',
    });
    expect(body).toMatchObject({ verdict: 'block', mediaKind: 'hashes' });
    const bad = await screen({
      body: JSON.stringify({ hashes: { pdq: ['not hex'] } }),
      type: 'application/json',
    });
    expect(bad.status).toBe(400);
    expect((bad.body['error'] as Body)['code']).toBe('invalid_hash');
  });

  it('judges the type from the bytes: text declared as an image is refused', async () => {
    const { status, body } = await screen({ body: 'hello, not a picture', type: 'image/jpeg' });
    expect([status, (body['error'] as Body)['code']]).toEqual([415, 'media_unsupported_type']);
  });

  it('answers each item of a batch on its own, errors included', async () => {
    const response = await app.request('/v1/screen/batch', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { contentId: 'a', mediaBase64: known.toString('base64') },
          { contentId: 'b', hashes: { pdq: [knownPdq] }, mediaBase64: unknown.toString('base64') },
          { contentId: 'c', mediaBase64: unknown.toString('base64') },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as {
      results: Array<{ index: number; result?: Body; error?: Body }>;
    };
    expect(results.map((r) => [r.index, r.result?.['verdict'] ?? r.error?.['message']])).toEqual([
      [0, 'block'],
      [1, 'give either hashes or mediaBase64'],
      [2, 'allow'],
    ]);
  });

  it('screens in the background: the job reads back done, and the callback is signed', async () => {
    const post = (query: string) =>
      app.request(`/v1/screen/async?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
        body: new Uint8Array(known),
      });
    const unsigned = await post(`callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect([unsigned.status, await unsigned.json()]).toEqual([
      400,
      {
        error: {
          code: 'invalid_input',
          message:
            'set a webhook secret first (POST /v1/webhook-secret): callbacks are signed with it',
        },
      },
    ]);
    const secret = await webhooks.rotateSecret(platformId, 'test');
    await asyncScreening.start();
    const queued = await post(`callbackUrl=${encodeURIComponent(callbackUrl)}&contentId=long-1`);
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as { id: string; status: string };
    expect(job.status).toBe('queued');
    const read = async () => {
      const response = await app.request(`/v1/screen/jobs/${job.id}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return (await response.json()) as Body;
    };
    await expect
      .poll(async () => (await read())['callback'], { timeout: 60_000 })
      .toEqual({
        status: 'delivered',
        attempts: 1,
      });
    const done = await read();
    expect(done).toMatchObject({ status: 'done', contentId: 'long-1', error: null });
    expect((done['result'] as Body)['verdict']).toBe('block');
    const [callback] = callbacks;
    expect(JSON.parse(callback?.body ?? '')).toMatchObject({
      type: 'screening.completed',
      job: { id: job.id, status: 'done' },
    });
    expect(verifyHaechiSignature(secret, callback?.body ?? '', callback?.signature)).toBe(true);
  });
});
