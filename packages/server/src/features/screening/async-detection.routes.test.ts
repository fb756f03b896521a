// The detectors' second tier through the routes, on the whole composed server: an upload answered
// from its hashes at once (`detectors=async`), its detectors run after the answer, the verdict
// tightened in the record, the review queue and a signed webhook; or left allowed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import { verifyHaechiSignature } from '@haechi/sdk';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-06T09:00:00.000Z';
const PASSPHRASE = 'a reviewer passphrase';
type Body = Record<string, unknown>;

/**
 * Stands in for a model (test data stays benign): a mostly red picture scores as sexual and
 * AI-generated, anything else as neither. Its answers wait for `open()`, so a test can see an
 * upload while its detectors are still running.
 */
class RedCardDetector implements Detector {
  readonly labels = ['sexual', 'ai_generated'];
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;
  constructor(readonly name: 'nudity' | 'synthetic') {}
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  open(): void {
    this.openGate();
  }
  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    await this.gate;
    const { data, width, height } = input.image;
    let red = 0;
    for (let i = 0; i < width * height; i++)
      if (data[i * 3] > 180 && data[i * 3 + 1] < 80 && data[i * 3 + 2] < 80) red++;
    const score = red > (width * height) / 2 ? 0.95 : 0.05;
    return [
      this.name === 'nudity'
        ? { detector: 'nudity', label: 'sexual', score }
        : { detector: 'synthetic', label: 'ai_generated', score },
    ];
  }
}

const jpeg = (data: Uint8Array | Uint8ClampedArray, width: number, height: number) =>
  sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
const redCard = () => {
  const data = new Uint8Array(200 * 150 * 3);
  for (let i = 0; i < data.length; i += 3) [data[i], data[i + 1], data[i + 2]] = [230, 20, 30];
  for (let i = 0; i < 200 * 20 * 3; i++) data[i] = (i * 7) % 256; // a strip of texture: a real hash
  return jpeg(data, 200, 150);
};

describe('screening with detectors after the answer (detectors=async)', () => {
  const nudity = new RedCardDetector('nudity');
  const synthetic = new RedCardDetector('synthetic');
  let harness: ServerForTests<{ key: string }>;
  let receiver: Server;
  let secret = '';
  const received: Array<{ body: string; signature: string }> = [];
  let red: Buffer;
  let plain: Buffer;

  const screen = async (bytes: Buffer, query: string) => {
    const response = await harness.server.app.request(`/v1/screen?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.seeded.key}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const record = async (id: string) =>
    (await harness.call('GET', `/v1/screenings/${id}`, harness.seeded.key)).body;

  beforeAll(async () => {
    red = await redCard();
    const picture = syntheticImage(200, 150, 9);
    plain = await jpeg(picture.data, 200, 150);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['haechi-signature']),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    harness = await serverForTests(
      async (stores) => {
        const org = await createOrg(stores.access, {
          name: 'site',
          kind: 'platform',
          jurisdiction: 'KR',
          at: AT,
        });
        await createOrg(stores.access, {
          name: 'kcsc',
          kind: 'regulator',
          jurisdiction: 'KR',
          at: AT,
        });
        await createUser(stores.access, {
          org: 'kcsc',
          email: 'r@kcsc.example',
          displayName: 'Reviewer',
          role: 'reviewer',
          password: PASSPHRASE,
          at: AT,
        });
        const { key } = await issueApiKey(stores.access, {
          orgId: org.id,
          label: 'k',
          createdBy: 't',
          at: AT,
        });
        return { key };
      },
      {
        env: { HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true' },
        server: { detectors: [nudity, synthetic] },
      },
    );
    const hook = await harness.call('PUT', '/v1/webhook', harness.seeded.key, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/haechi`,
    });
    secret = hook.body['secret'] as string;
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('answers from the hashes at once, then holds the upload its detectors flag, and says so', async () => {
    nudity.hold();
    const first = await screen(red, 'contentId=red-1&detectors=async');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ verdict: 'allow', detectors: 'pending', scores: [] });
    const id = first.body['id'] as string;
    expect(id).toMatch(/^scr_/);
    // The detectors are still running: the record says so, and keeps no hash of the upload.
    expect(await record(id)).toMatchObject({
      id,
      verdict: 'allow',
      status: 'detecting',
      contentId: 'red-1',
      reasons: [],
      scores: [],
    });

    nudity.open();
    await vi.waitFor(async () => expect((await record(id))['status']).not.toBe('detecting'), {
      timeout: 30_000,
    });
    const after = await record(id);
    expect(after).toMatchObject({
      verdict: 'hold',
      status: 'pending_review',
      reasons: [expect.objectContaining({ rule: 'synthetic-sexual', verdict: 'hold' })],
      scores: [
        { detector: 'nudity', label: 'sexual', score: 0.95 },
        { detector: 'synthetic', label: 'ai_generated', score: 0.95 },
      ],
      review: { status: 'open', action: 'hold' },
    });
    // In the regulator's queue, like any held upload.
    const reviewer = await harness.signIn('r@kcsc.example', PASSPHRASE);
    const queue = await harness.call('GET', '/v1/review', reviewer);
    expect(
      (queue.body['items'] as Body[]).filter((i) => i['screeningId'] === id).map((i) => i['kind']),
    ).toEqual(['held_screening']);
    // The platform is told by its webhook, signed.
    await harness.server.runDueJobs();
    const update = received.find((r) => r.body.includes(id));
    expect(update).toBeDefined();
    expect(verifyHaechiSignature(secret, update!.body, update!.signature)).toBe(true);
    expect(JSON.parse(update!.body)).toEqual({
      type: 'screening.updated',
      screening: {
        id,
        contentId: 'red-1',
        verdict: 'hold',
        previousVerdict: 'allow',
        status: 'pending_review',
        reasons: after['reasons'],
        scores: after['scores'],
      },
    });
  });

  it('leaves an upload its detectors clear allowed, with their scores and none of its hashes', async () => {
    const first = await screen(plain, 'contentId=plain-1&detectors=async');
    expect(first.body).toMatchObject({ verdict: 'allow', detectors: 'pending' });
    const id = first.body['id'] as string;
    await vi.waitFor(async () => expect((await record(id))['status']).toBe('final'), {
      timeout: 30_000,
    });
    expect(await record(id)).toMatchObject({
      verdict: 'allow',
      reasons: [],
      scores: [
        { detector: 'nudity', label: 'sexual', score: 0.05 },
        { detector: 'synthetic', label: 'ai_generated', score: 0.05 },
      ],
      review: null,
    });
    const before = received.length;
    await harness.server.runDueJobs();
    expect(received.length).toBe(before); // nothing changed: nothing to tell
  });

  it('runs the detectors in the request by default, as before', async () => {
    const { body } = await screen(red, 'contentId=red-2');
    expect(body).toMatchObject({ verdict: 'hold', detectors: 'done' });
    expect(await record(body['id'] as string)).toMatchObject({ status: 'pending_review' });
  });

  it('refuses a mode it does not know', async () => {
    const { status, body } = await screen(red, 'detectors=later');
    expect(status).toBe(400);
    expect((body['error'] as Body)['code']).toBe('invalid_input');
  });
});
