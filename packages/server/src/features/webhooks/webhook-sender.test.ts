import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '@haechi/access';
import { verifyHaechiSignature } from '@haechi/sdk';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundFetch } from '../../services/outbound/outbound-fetch.js';
import { Sealer } from '../../services/sealing/sealer.js';
import { WebhookSender } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';

const AT = '2026-12-04T09:00:00.000Z';
const now = () => new Date(AT);

let dir: string;
let stores: EmbeddedStores;
let receiver: Server;
let received: Array<{ body: string; signature: string | undefined }>;
let orgId: number;
let sender: WebhookSender;
const sealer = new Sealer(Buffer.alloc(32, 7));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-webhooks-'));
  stores = openEmbeddedStores(dir);
  orgId = (
    await createOrg(stores.access, { name: 'p', kind: 'platform', jurisdiction: 'KR', at: AT })
  ).id;
  received = [];
  receiver = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ body, signature: req.headers['haechi-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sender = new WebhookSender({
    access: stores.access,
    sealer,
    fetch: createOutboundFetch({ allowPrivate: true }),
    now,
  });
});
afterEach(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const hookUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

describe('WebhookSender', () => {
  it('keeps the secret sealed at rest, signs with it, and audits each rotation', async () => {
    const secret = await sender.rotateSecret(orgId, 'user:3');
    const stored = (await stores.access.getWebhookSecret(orgId)) as string;
    expect(stored.startsWith(`v1.${sealer.currentKeyId}.`)).toBe(true);
    expect(stored).not.toContain(secret);
    expect(await sender.secretOf(orgId)).toBe(secret);

    await stores.access.setWebhookUrl(orgId, hookUrl(), { at: AT, actor: 'user:3' });
    expect(await sender.push(orgId, '{"type":"notice.sent"}')).toBe(true);
    expect(received).toHaveLength(1);
    const nowSeconds = Math.floor(now().getTime() / 1000);
    expect(
      verifyHaechiSignature(secret, received[0]?.body ?? '', received[0]?.signature, {
        nowSeconds,
      }),
    ).toBe(true);

    const rotated = await sender.rotateSecret(orgId, 'user:3');
    expect(rotated).not.toBe(secret);
    const audit = await stores.audit.list({ afterSeq: 0, limit: 100, objectType: 'org' });
    expect(audit.filter((e) => e.action === 'org.webhook_secret_set').map((e) => e.actor)).toEqual([
      'user:3',
      'user:3',
    ]);
  });

  it('sends nothing without a secret: a push fails (its job retries) and the test says so', async () => {
    await stores.access.setWebhookUrl(orgId, hookUrl(), { at: AT, actor: 'user:3' });
    await expect(sender.push(orgId, '{}')).rejects.toThrow(
      'the platform has a webhook URL but no signing secret: nothing is sent',
    );
    await expect(sender.test(orgId)).rejects.toThrow(
      'create a signing secret first (POST /v1/webhook-secret)',
    );
    expect(received).toHaveLength(0);
  });

  it('reads a secret kept in plain text before secrets were sealed', async () => {
    await stores.access.setWebhookSecret(orgId, 'whsec_legacy', AT, 'system');
    expect(await sender.secretOf(orgId)).toBe('whsec_legacy');
  });

  it('refuses an empty key when signing and when verifying (a forged event never verifies)', () => {
    expect(() => signWebhook('', '{}', 1)).toThrow(
      'refusing to sign a webhook with an empty secret',
    );
    const forged = `t=1,v1=${'0'.repeat(64)}`;
    expect(() => verifyHaechiSignature('', '{"type":"notice.withdrawn"}', forged)).toThrow(
      'verifyHaechiSignature needs the webhook secret; it is empty',
    );
  });
});
