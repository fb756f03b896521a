// A platform's webhook in process (app.request()) on a real store, delivering to a real local
// receiver that checks each event's signature with the SDK's own verifier.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, issueApiKey } from '@haechi/access';
import { verifyHaechiSignature } from '@haechi/sdk';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests, callJson } from '../../http/app-for-tests.js';
import { createOutboundFetch } from '../../services/outbound/outbound-fetch.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { WebhookSender } from './webhook-sender.js';
import { webhooksFeature } from './webhooks.feature.js';

const AT = '2026-12-05T09:00:00.000Z';

describe('webhook routes', () => {
  let dir: string;
  let stores: EmbeddedStores;
  let receiver: Server;
  let receiverUrl = '';
  const received: Array<{ body: string; signature: string | undefined }> = [];
  let firstSecret = '';
  let keyA = '';
  let keyB = '';
  /** Private addresses allowed, as in a closed deployment: the receiver is on loopback. */
  let closedApp: ReturnType<typeof appForTests>;
  /** The default: public addresses only. */
  let publicApp: ReturnType<typeof appForTests>;

  const call = callJson;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-webhook-routes-'));
    stores = openEmbeddedStores(dir);
    for (const name of ['pa', 'pb']) {
      const org = await createOrg(stores.access, {
        name,
        kind: 'platform',
        jurisdiction: 'KR',
        at: AT,
      });
      const { key } = await issueApiKey(stores.access, {
        orgId: org.id,
        label: 'k',
        createdBy: 't',
        at: AT,
      });
      if (name === 'pa') keyA = key;
      else keyB = key;
    }
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const signature = req.headers['haechi-signature'];
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: Array.isArray(signature) ? signature[0] : signature,
        });
        res.writeHead(req.url === '/refuse' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const sealer = new Sealer(randomBytes(32));
    const now = () => new Date();
    const feature = (allowPrivate: boolean) =>
      webhooksFeature({
        access: stores.access,
        sender: new WebhookSender({
          access: stores.access,
          sealer,
          fetch: createOutboundFetch({ allowPrivate }),
          now,
        }),
        allowPrivateCallbacks: allowPrivate,
        now,
      });
    closedApp = appForTests([feature(true)], { access: stores.access });
    publicApp = appForTests([feature(false)], { access: stores.access });
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no webhook at first, and a test says so', async () => {
    expect(await call(closedApp, 'GET', '/v1/webhook', keyA)).toEqual({
      status: 200,
      body: { url: null, hasSecret: false },
    });
    expect(await call(closedApp, 'POST', '/v1/webhook/test', keyA)).toEqual({
      status: 400,
      body: {
        error: { code: 'invalid_input', message: 'set a webhook URL first (PUT /v1/webhook)' },
      },
    });
  });

  it('refuses a private address where only public ones are allowed, and saves nothing', async () => {
    const refused = await call(publicApp, 'PUT', '/v1/webhook', keyA, { url: `${receiverUrl}/` });
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toMatchObject({ code: 'invalid_input' });
    expect((await call(publicApp, 'GET', '/v1/webhook', keyA)).body).toEqual({
      url: null,
      hasSecret: false,
    });
  });

  it('creates the signing secret with the first URL, shows it once, and signs the test with it', async () => {
    const url = `${receiverUrl}/haechi`;
    const first = await call(closedApp, 'PUT', '/v1/webhook', keyA, { url });
    expect(first.status).toBe(200);
    const secret = first.body['secret'] as string;
    expect(first.body).toEqual({ url, hasSecret: true, secret });
    expect(secret.length).toBeGreaterThanOrEqual(32);
    firstSecret = secret;
    expect(await call(closedApp, 'PUT', '/v1/webhook', keyA, { url })).toEqual({
      status: 200,
      body: { url, hasSecret: true },
    });
    expect(await call(closedApp, 'GET', '/v1/webhook', keyB)).toEqual({
      status: 200,
      body: { url: null, hasSecret: false },
    });

    received.length = 0;
    expect(await call(closedApp, 'POST', '/v1/webhook/test', keyA)).toEqual({
      status: 200,
      body: { delivered: true },
    });
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(JSON.parse(event?.body ?? '')).toMatchObject({ type: 'webhook.test' });
    expect(verifyHaechiSignature(secret, event?.body ?? '', event?.signature)).toBe(true);
    expect(verifyHaechiSignature('not-the-secret', event?.body ?? '', event?.signature)).toBe(
      false,
    );
  });

  it('rotates the secret: the old one no longer verifies the next event', async () => {
    const rotated = await call(closedApp, 'POST', '/v1/webhook-secret', keyA);
    expect(rotated.status).toBe(201);
    const secret = rotated.body['secret'] as string;
    expect(secret).not.toBe(firstSecret);
    received.length = 0;
    await call(closedApp, 'POST', '/v1/webhook/test', keyA);
    const [event] = received;
    expect(verifyHaechiSignature(secret, event?.body ?? '', event?.signature)).toBe(true);
    expect(verifyHaechiSignature(firstSecret, event?.body ?? '', event?.signature)).toBe(false);
  });

  it('reports a receiver that refuses as not delivered, and clears the URL with null', async () => {
    await call(closedApp, 'PUT', '/v1/webhook', keyA, { url: `${receiverUrl}/refuse` });
    expect((await call(closedApp, 'POST', '/v1/webhook/test', keyA)).body).toEqual({
      delivered: false,
    });
    expect(await call(closedApp, 'PUT', '/v1/webhook', keyA, { url: null })).toEqual({
      status: 200,
      body: { url: null, hasSecret: true },
    });
  });
});
