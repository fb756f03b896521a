// An attacker with no account, a platform, a victim and a counsellor against the real server, on
// the embedded store and (with DATABASE_URL) on PostgreSQL: none of them can turn the workflow
// against anyone, read what is not theirs, or make a decision say something it does not mean.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import type { AccessStore } from '@haechi/core';
import { computePdq, formatHash256, md5Hex } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { verifyHaechiSignature } from '@haechi/sdk';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores, openPostgresPool, openPostgresStores } from '@haechi/store';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, type JsonAnswer } from '../support/json-api.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const START = '2026-12-04T09:00:00.000Z';
const DATABASE_URL = process.env['DATABASE_URL'];

interface Backend {
  readonly name: string;
  /** Opens the stores to seed, and the settings that point the server at the same store. */
  open(dir: string): Promise<{
    access: AccessStore;
    close: () => Promise<void>;
    env: Record<string, string>;
    dispose: () => Promise<void>;
  }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'the embedded store',
    open: async (dir) => {
      const stores = openEmbeddedStores(dir);
      return {
        access: stores.access,
        close: () => stores.close(),
        env: {},
        dispose: async () => {},
      };
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const schema = `haechi_abuse_${randomBytes(5).toString('hex')}`;
            const stores = await openPostgresStores(DATABASE_URL, { schema });
            return {
              access: stores.access,
              close: () => stores.close(),
              env: { DATABASE_URL, HAECHI_DATABASE_SCHEMA: schema },
              dispose: async () => {
                const admin = openPostgresPool(DATABASE_URL);
                await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                await admin.end();
              },
            };
          },
        },
      ]
    : []),
];

async function jpeg(seed: number): Promise<Uint8Array> {
  const photo = syntheticPhoto(480, 320, seed);
  return new Uint8Array(
    await sharp(photo.data, { raw: { width: 480, height: 320, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
}

describe.each(BACKENDS)('trust, on $name', (backend) => {
  let dir = '';
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let loopback: Server;
  let loopbackHits = 0;
  const keys: Record<string, string> = {};
  let photo: Uint8Array;
  let code = '';
  const api = (method: string, path: string, token?: string, body?: unknown) =>
    callJson(server.url, method, path, token, body);
  const login = async (email: string, password: string) =>
    (await api('POST', '/v1/auth/login', undefined, { email, password })).body['token'] as string;
  const screen = async (platform: string, bytes: Uint8Array) => {
    const response = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[platform]}`, 'content-type': 'image/jpeg' },
      body: Buffer.from(bytes),
    });
    return (await response.json()) as {
      id: string | null;
      verdict: string;
      reasons: Array<{ rule: string }>;
      matches: Array<{ bank: string }>;
    };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-abuse-'));
    loopback = createServer((_req, res) => {
      loopbackHits++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => loopback.listen(0, '::', resolve));
    const opened = await backend.open(dir);
    dispose = opened.dispose;
    for (const name of ['p1', 'p2']) {
      const org = await createOrg(opened.access, {
        name,
        kind: 'platform',
        jurisdiction: 'KR',
        at: START,
      });
      keys[name] = (
        await issueApiKey(opened.access, { orgId: org.id, label: 't', createdBy: 't', at: START })
      ).key;
    }
    for (const center of ['dsc', 'other-center']) {
      await createOrg(opened.access, {
        name: center,
        kind: 'support_center',
        jurisdiction: 'KR',
        at: START,
      });
      await createUser(opened.access, {
        org: center,
        email: `counsellor@${center}.example.kr`,
        displayName: 'C',
        role: 'counsellor',
        password: 'counsellor passphrase',
        at: START,
      });
    }
    await createOrg(opened.access, {
      name: 'kcsc',
      kind: 'regulator',
      jurisdiction: 'KR',
      at: START,
    });
    for (const who of ['r1', 'r2'])
      await createUser(opened.access, {
        org: 'kcsc',
        email: `${who}@kcsc.example.kr`,
        displayName: who,
        role: 'reviewer',
        password: 'reviewer passphrase',
        at: START,
      });
    await opened.close();
    server = await startServer(
      loadConfig({
        HAECHI_DATA: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_MASTER_KEY: 'b'.repeat(64),
        // Behind a proxy, so the test can speak from several addresses.
        HAECHI_TRUST_PROXY: 'true',
        HAECHI_CASES_PER_ADDRESS_PER_DAY: '3',
        ...opened.env,
      }),
      { manualJobs: true },
    );
    photo = await jpeg(11);
  });
  afterAll(async () => {
    await server?.close();
    loopback?.close();
    await dispose?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('an attacker with no account: a malformed hash refuses the whole case and writes nothing', async () => {
    const before = (await api('GET', '/v1/banks', keys['p1'])).body;
    const refused = await api('POST', '/v1/cases', undefined, {
      passphrase: 'a long enough passphrase',
      hashes: [
        { signalType: 'md5', signal: md5Hex(photo) },
        { signalType: 'pdq', signal: 'abc' },
      ],
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_hash',
          message: 'hashes[1]: PDQ hash must be 64 hex digits, got 3',
        },
      },
    });
    expect((await api('GET', '/v1/banks', keys['p1'])).body).toEqual(before);
  });

  it('an attacker with no account: her report holds and refers, it does not block, and nothing names her case', async () => {
    const pdq = formatHash256(computePdq(await decodeImage(photo)).hash);
    const opened = await api('POST', '/v1/cases', undefined, {
      passphrase: 'a long enough passphrase',
      hashes: [
        { signalType: 'pdq', signal: pdq },
        { signalType: 'md5', signal: md5Hex(photo) },
      ],
    });
    expect(opened.status).toBe(201);
    code = opened.body['code'] as string;
    await server.runDueJobs(); // the new bank reaches the matcher (it polls every 200 ms)
    const held = await screen('p1', photo);
    expect([held.verdict, held.reasons.map((r) => r.rule)]).toEqual([
      'hold',
      ['victim-reported-match'],
    ]);
    expect(new Set(held.matches.map((m) => m.bank))).toEqual(new Set(['victim-reported']));
    const seen = JSON.stringify([
      held,
      (await api('GET', '/v1/banks', keys['p1'])).body,
      (await api('GET', '/v1/banks/feed', keys['p1'])).body,
      (await api('GET', '/v1/screenings', keys['p1'])).body,
    ]).toLowerCase();
    const [, first, second] = code.toLowerCase().split('-');
    expect(seen).not.toContain(first);
    expect(seen).not.toContain(second);
    expect(seen).not.toContain('case-');
  });

  it('an attacker cannot lock a victim out by failing on purpose, and is stopped himself', async () => {
    const from = (address: string, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify(body),
      }).then(async (r): Promise<JsonAnswer> => ({
        status: r.status,
        body: (await r.json()) as JsonAnswer['body'],
      }));
    for (let i = 0; i < 5; i++)
      expect(
        (
          await from('203.0.113.5', '/v1/case-sessions', {
            code,
            passphrase: `a wrong guess number ${i}`,
          })
        ).status,
      ).toBe(401);
    const stopped = await from('203.0.113.5', '/v1/case-sessions', {
      code,
      passphrase: 'a long enough passphrase',
    });
    expect([stopped.status, stopped.body['error']['code']]).toEqual([429, 'rate_limited']);
    // It is told when to come back, as every limit tells.
    const again = await fetch(`${server.url}/v1/case-sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.5' },
      body: JSON.stringify({ code, passphrase: 'a long enough passphrase' }),
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // She, from her own address, is not locked out.
    expect(
      (
        await from('198.51.100.7', '/v1/case-sessions', {
          code,
          passphrase: 'a long enough passphrase',
        })
      ).status,
    ).toBe(200);
    // Staff accounts likewise: five failures from one address stop that address for that account.
    for (let i = 0; i < 5; i++)
      await from('203.0.113.5', '/v1/auth/login', {
        email: 'r1@kcsc.example.kr',
        password: `a wrong guess number ${i}`,
      });
    expect(
      (
        await from('203.0.113.5', '/v1/auth/login', {
          email: 'r1@kcsc.example.kr',
          password: 'reviewer passphrase',
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await from('198.51.100.7', '/v1/auth/login', {
          email: 'r1@kcsc.example.kr',
          password: 'reviewer passphrase',
        })
      ).status,
    ).toBe(200);
  });

  it('one address cannot flood the banks with cases: the limit holds across requests', async () => {
    const open = () =>
      fetch(`${server.url}/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.44' },
        body: JSON.stringify({
          passphrase: 'a long enough passphrase',
          hashes: [{ signalType: 'md5', signal: randomBytes(16).toString('hex') }],
        }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await open());
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('a victim’s session ends with her withdrawn request', async () => {
    const opened = await api('POST', '/v1/cases', undefined, {
      passphrase: 'a long enough passphrase',
      urls: ['https://nowhere.example/a'],
    });
    const own = opened.body['code'] as string;
    const session = (
      await api('POST', '/v1/case-sessions', undefined, {
        code: own,
        passphrase: 'a long enough passphrase',
      })
    ).body['token'] as string;
    expect((await api('POST', `/v1/cases/${own}/withdraw`, session)).body['status']).toBe(
      'withdrawn',
    );
    expect(await api('GET', `/v1/cases/${own}`, session)).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthenticated',
          message: 'this request was withdrawn: its session has ended',
        },
      },
    });
    const again = await api('POST', '/v1/case-sessions', undefined, {
      code: own,
      passphrase: 'a long enough passphrase',
    });
    expect([again.status, again.body['error']['code']]).toEqual([409, 'invalid_transition']);
  });

  it('nobody reads across tenants: platforms, counsellors of another center, a victim’s session', async () => {
    const held = await screen('p1', photo);
    expect(held.id).toMatch(/^scr_/);
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['p2'])).status).toBe(404);
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['p1'])).status).toBe(200);
    const [mine, theirs] = [
      await login('counsellor@dsc.example.kr', 'counsellor passphrase'),
      await login('counsellor@other-center.example.kr', 'counsellor passphrase'),
    ];
    const forHer = await api('POST', '/v1/cases', mine, { urls: ['https://nowhere.example/b'] });
    const hers = forHer.body['code'] as string;
    expect((await api('GET', `/v1/cases/${hers}`, mine)).status).toBe(200);
    for (const path of [
      `/v1/cases/${hers}`,
      `/v1/cases/${hers}/notes`,
      `/v1/cases/${hers}/timeline`,
    ])
      expect([path, (await api('GET', path, theirs)).status]).toEqual([path, 404]);
    // The victim's own case (opened without an account) is hers alone: no counsellor reads it.
    expect((await api('GET', `/v1/cases/${code}`, mine)).status).toBe(404);
    // Platforms find no case (not even whether it exists), and no counsellors' queue.
    expect((await api('GET', `/v1/cases/${hers}`, keys['p1'])).status).toBe(404);
    expect((await api('GET', '/v1/case-urls/unassigned', keys['p1'])).status).toBe(403);
  });

  it('a forged, unsigned or replayed webhook event is refused by the SDK', () => {
    const body = JSON.stringify({ type: 'notice.withdrawn', notice: { id: 1 } });
    const now = Math.floor(Date.now() / 1000);
    const sign = (secret: string, t: number) =>
      `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    expect(verifyHaechiSignature('whsec_real', body, sign('whsec_real', now))).toBe(true);
    expect(verifyHaechiSignature('whsec_real', body, sign('whsec_guess', now))).toBe(false);
    expect(verifyHaechiSignature('whsec_real', body, sign('', now))).toBe(false);
    expect(verifyHaechiSignature('whsec_real', body, sign('whsec_real', now - 3600))).toBe(false);
    expect(() => verifyHaechiSignature('', body, sign('', now))).toThrow(
      'verifyHaechiSignature needs the webhook secret; it is empty',
    );
  });

  it('a platform cannot opt out of the banks its jurisdiction requires, nor disable their rules', async () => {
    expect(
      await api('PUT', '/v1/org/subscriptions', keys['p1'], { subscriptions: ['confirmed'] }),
    ).toMatchObject({
      status: 400,
      body: {
        error: {
          message:
            'subscriptions: the KR jurisdiction requires victim-reported; a platform cannot leave them out',
        },
      },
    });
    const ok = await api('PUT', '/v1/org/subscriptions', keys['p1'], {
      subscriptions: ['confirmed', 'victim-reported'],
    });
    expect(ok.status).toBe(200);
    expect((await screen('p1', photo)).verdict).toBe('hold');
  });

  it('a platform’s key is not a session: logging out with it is refused, not a silent 204', async () => {
    expect(await api('POST', '/v1/auth/logout', keys['p1'])).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'this is an API key, not a session: revoke it instead (DELETE /v1/keys/{id})',
        },
      },
    });
    expect((await api('GET', '/v1/me', keys['p1'])).status).toBe(200);
  });

  it('NUL is refused in a query string and in any JSON media type', async () => {
    const nul = {
      error: { code: 'invalid_input', message: 'text must not contain NUL characters (U+0000)' },
    };
    expect(await api('GET', '/v1/screenings?before=2026%00', keys['p1'])).toEqual({
      status: 400,
      body: nul,
    });
    const patch = await fetch(`${server.url}/v1/org/subscriptions`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${keys['p1']}`,
        'content-type': 'application/merge-patch+json',
      },
      // JSON.stringify writes the NUL as the escape \u0000, as a client would send it.
      body: JSON.stringify({ subscriptions: ['*\u0000'] }),
    });
    expect([patch.status, await patch.json()]).toEqual([400, nul]);
  });

  it('a platform cannot make Haechi call loopback in any spelling, nor learn a receiver’s status', async () => {
    const port = (loopback.address() as AddressInfo).port;
    for (const host of ['127.0.0.1', '[::]', '[0::]', '[::0]', '[::ffff:127.0.0.1]', '0x7f.1']) {
      const answer = await api('PUT', '/v1/webhook', keys['p1'], {
        url: `http://${host}:${port}/`,
      });
      expect([answer.status, answer.body['error']['message']]).toEqual([
        400,
        expect.stringMatching(/^url: .* is not a public internet address/),
      ]);
    }
    expect((await api('POST', '/v1/webhook/test', keys['p1'])).body['error']['message']).toBe(
      'set a webhook URL first (PUT /v1/webhook)',
    );
    expect(loopbackHits).toBe(0);
  });

  it('a reviewer’s reason must fit the decision; a restore on appeal lifts the block everywhere and is not referred again', async () => {
    const [r1, r2] = [
      await login('r1@kcsc.example.kr', 'reviewer passphrase'),
      await login('r2@kcsc.example.kr', 'reviewer passphrase'),
    ];
    const held = await screen('p2', photo);
    const item = (
      (await api('GET', '/v1/review', r1)).body['items'] as Array<{
        id: number;
        screeningId: string;
      }>
    ).find((i) => i.screeningId === held.id)!;
    for (const [decision, reasonCode] of [
      ['remove', 'not_intimate'],
      ['restore', 'ncii'],
    ])
      expect(
        (await api('POST', `/v1/review/${item.id}/decide`, r1, { decision, reasonCode })).body,
      ).toEqual({
        error: {
          code: 'invalid_input',
          message:
            decision === 'remove'
              ? 'reasonCode: not_intimate does not go with remove; remove takes ncii, sexual_deepfake, csam'
              : 'reasonCode: ncii does not go with restore; restore takes not_intimate, consent_shown, not_identifiable, insufficient_evidence',
        },
      });
    await api('POST', `/v1/review/${item.id}/decide`, r1, {
      decision: 'remove',
      reasonCode: 'ncii',
    });
    // The screening log no longer says it waits for review.
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['p2'])).body['status']).toBe(
      'final',
    );
    await server.runDueJobs(); // the bank change reaches the matcher (it polls every 200 ms)
    expect((await screen('p1', photo)).verdict).toBe('block');

    await api('POST', `/v1/review/${item.id}/appeal`, keys['p2'], {
      reason: 'the person in it consented',
    });
    const restored = await api('POST', `/v1/review/${item.id}/decide`, r2, {
      decision: 'restore',
      reasonCode: 'consent_shown',
    });
    expect([restored.body['status'], restored.body['decision']]).toEqual(['final', 'restore']);
    await server.runDueJobs();
    // Lifted everywhere, and released rather than held again on the same suspicion.
    for (const platform of ['p1', 'p2']) {
      const again = await screen(platform, photo);
      expect([again.verdict, again.id]).toEqual(['allow', null]);
    }
  });
});
