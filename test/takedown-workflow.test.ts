import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { computePdq, formatHash256, md5Hex } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { verifyHaechiSignature } from '@haechi/sdk';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { DatabaseSync } from 'node:sqlite';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson } from './support/json-api.js';
import { runCli } from './support/run-cli.js';
import { SimulatedClock } from '@haechi/testkit/simulated-clock';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const START = '2026-11-25T09:00:00.000Z';
const clock = new SimulatedClock(START);
let dir: string;
let server: RunningServer;
let site: Server;
let siteServes = true;
let photo: Uint8Array;
const keys: Record<string, string> = {};
let sitePort = 0;
let hooks: Server;
const received: Array<{ path: string; body: string; signature: string | undefined }> = [];
let alphaSecret = '';
/** An upload the regulator confirms: its bytes are preserved as evidence. */
let suspect = new Uint8Array();

const api = (method: string, path: string, token?: string, body?: unknown) =>
  callJson(server.url, method, path, token, body);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-takedown-'));
  const image = syntheticPhoto(480, 320, 7);
  photo = new Uint8Array(
    await sharp(image.data, { raw: { width: 480, height: 320, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
  // The platforms' public sites: A serves the photo until it removes it; B and C are never fetched.
  site = createServer((req, res) => {
    if (siteServes && req.url === '/p/1.jpg')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from(photo));
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
  // Platforms' webhook receivers: alpha's accepts; beta's is down (503) the whole time.
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        body: Buffer.concat(chunks).toString(),
        signature: req.headers['haechi-signature'] as string | undefined,
      });
      res.writeHead(req.url === '/alpha' || req.url === '/delta' ? 204 : 503).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));

  const stores = openEmbeddedStores(dir);
  for (const [name, domain] of [
    ['alpha', '127.0.0.1'],
    ['beta', 'beta.example'],
    ['gamma', 'gamma.example'],
    ['delta', 'delta.example'],
  ] as const) {
    const org = await createOrg(stores.access, {
      name,
      kind: 'platform',
      jurisdiction: 'KR',
      at: START,
    });
    await stores.access.setPlatformDomains(org.id, [domain], { at: START, actor: 'test' });
    keys[name] = (
      await issueApiKey(stores.access, {
        orgId: org.id,
        label: 'test',
        createdBy: 'test',
        at: START,
      })
    ).key;
  }
  await createOrg(stores.access, {
    name: 'dsc',
    kind: 'support_center',
    jurisdiction: 'KR',
    at: START,
  });
  await createUser(stores.access, {
    org: 'dsc',
    email: 'counsellor@dsc.example.kr',
    displayName: 'C',
    role: 'counsellor',
    password: 'counsellor passphrase',
    at: START,
  });
  await createOrg(stores.access, {
    name: 'kcsc',
    kind: 'regulator',
    jurisdiction: 'KR',
    at: START,
  });
  for (const who of ['r1', 'r2'])
    await createUser(stores.access, {
      org: 'kcsc',
      email: `${who}@kcsc.example.kr`,
      displayName: who,
      role: 'reviewer',
      password: 'reviewer passphrase',
      at: START,
    });
  await createOrg(stores.access, {
    name: 'taskforce',
    kind: 'government',
    jurisdiction: 'KR',
    at: START,
  });
  await createUser(stores.access, {
    org: 'taskforce',
    email: 'analyst@gov.example.kr',
    displayName: 'A',
    role: 'analyst',
    password: 'analyst passphrase',
    at: START,
  });
  await createOrg(stores.access, { name: 'knpa', kind: 'police', jurisdiction: 'KR', at: START });
  await createUser(stores.access, {
    org: 'knpa',
    email: 'detective@police.example.kr',
    displayName: 'D',
    role: 'investigator',
    password: 'investigator passphrase',
    at: START,
  });
  await stores.close();
  server = await startServer(
    loadConfig({
      HAECHI_DATA: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_FETCH_ALLOW_PRIVATE: 'true',
      HAECHI_WEBHOOK_ALLOW_PRIVATE: 'true',
      HAECHI_MASTER_KEY: 'a'.repeat(64),
    }),
    { now: clock.now, manualJobs: true },
  );
});
afterAll(async () => {
  await server?.close();
  site?.close();
  hooks?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a case from request to verified removal, on a simulated clock', () => {
  let code = '';
  let victim = '';
  const noticeOf = async (platform: string) =>
    (await api('GET', '/v1/notices', keys[platform])).body['notices'][0];

  it('lets platforms set where notices are pushed, and test it', async () => {
    const port = (hooks.address() as AddressInfo).port;
    alphaSecret = (await api('POST', '/v1/webhook-secret', keys['alpha'])).body['secret'];
    expect(
      (await api('PUT', '/v1/webhook', keys['alpha'], { url: `http://127.0.0.1:${port}/alpha` }))
        .body,
    ).toEqual({ url: `http://127.0.0.1:${port}/alpha`, hasSecret: true });
    // beta's first URL comes with a secret (it had none): nothing is ever signed with an empty key.
    const beta = await api('PUT', '/v1/webhook', keys['beta'], {
      url: `http://127.0.0.1:${port}/beta`,
    });
    expect(beta.body['secret']).toMatch(/^whsec_[\w-]{43}$/);
    // The test says whether the receiver took it, never its status (no port scanning through it).
    expect((await api('POST', '/v1/webhook/test', keys['alpha'])).body).toEqual({
      delivered: true,
    });
    expect((await api('POST', '/v1/webhook/test', keys['beta'])).body).toEqual({
      delivered: false,
    });
    expect((await api('PUT', '/v1/webhook', keys['alpha'], { url: 'ftp://x' })).status).toBe(400);
    received.length = 0;
  });

  it('opens a case from hashes computed on her device and sends a notice to each hosting platform', async () => {
    const pdq = formatHash256(computePdq(await decodeImage(photo)).hash);
    const opened = await api('POST', '/v1/cases', undefined, {
      passphrase: 'my own long passphrase',
      hashes: [
        { signalType: 'pdq', signal: pdq },
        { signalType: 'md5', signal: md5Hex(photo) },
      ],
      urls: [
        `http://127.0.0.1:${sitePort}/p/1.jpg`,
        'https://beta.example/v/9',
        'https://gamma.example/x',
        'https://unknown.example/y',
      ],
      contact: { phone: '010-0000-0000' },
    });
    expect(opened.status).toBe(201);
    code = opened.body['code'];
    victim = opened.body['token'];
    expect(code).toMatch(/^HC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(opened.body['unknownHosts']).toEqual(['unknown.example']);
    expect(
      opened.body['status']['notices'].map((n: { state: string; deadlineAt?: string }) => [
        n.state,
        n.deadlineAt,
      ]),
    ).toEqual([
      ['sent', '2026-11-26T09:00:00.000Z'],
      ['sent', '2026-11-26T09:00:00.000Z'],
      ['sent', '2026-11-26T09:00:00.000Z'],
    ]);
    expect((await noticeOf('alpha'))['secondsLeft']).toBe(24 * 3600);
    await server.runDueJobs();
    const pushed = received.find((r) => r.path === '/alpha')!;
    expect(
      verifyHaechiSignature(alphaSecret, pushed.body, pushed.signature, {
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
      }),
    ).toBe(true);
    expect(JSON.parse(pushed.body)).toMatchObject({
      type: 'notice.sent',
      notice: { state: 'sent', deadlineAt: '2026-11-26T09:00:00.000Z' },
    });
  });

  it('platform A acknowledges, reports a removal that verification finds false, then removes it at 2 h', async () => {
    const notice = await noticeOf('alpha');
    expect(
      (await api('POST', `/v1/notices/${notice.id}/acknowledge`, keys['alpha'])).body['state'],
    ).toBe('acknowledged');
    // Another platform cannot see or touch it.
    expect((await api('POST', `/v1/notices/${notice.id}/removed`, keys['beta'])).status).toBe(404);
    clock.advanceHours(1);
    expect(
      (await api('POST', `/v1/notices/${notice.id}/removed`, keys['alpha'])).body['state'],
    ).toBe('removal_reported');
    await server.runDueJobs();
    expect((await noticeOf('alpha'))['state']).toBe('reopened');
    clock.advanceHours(1);
    siteServes = false;
    await api('POST', `/v1/notices/${notice.id}/removed`, keys['alpha']);
    expect(
      (await api('POST', `/v1/notices/${notice.id}/removed`, keys['alpha'])).body['error']['code'],
    ).toBe('invalid_transition');
    await server.runDueJobs();
    const done = await noticeOf('alpha');
    expect([done.state, done.removedAt]).toEqual(['removed', '2026-11-25T11:00:00.000Z']);
  });

  it('platform C disputes; platform B ignores its notice and is escalated at the deadline', async () => {
    const gamma = await noticeOf('gamma');
    expect(
      (await api('POST', `/v1/notices/${gamma.id}/dispute`, keys['gamma'], {})).body['error'][
        'message'
      ],
    ).toBe('a dispute needs a reason');
    const disputed = await api('POST', `/v1/notices/${gamma.id}/dispute`, keys['gamma'], {
      reason: 'this is a licensed stock photo',
    });
    expect([disputed.body['state'], disputed.body['disputeReason']]).toEqual([
      'disputed',
      'this is a licensed stock photo',
    ]);
    clock.advanceHours(21.5);
    await server.runDueJobs();
    expect((await noticeOf('beta'))['state']).toBe('sent');
    clock.advanceHours(0.5);
    await server.runDueJobs();
    const beta = await noticeOf('beta');
    expect([beta.state, beta.secondsLeft]).toEqual(['overdue', 0]);
    // Beta's receiver never answered: every delivery was retried with backoff (1 m, 5 m, 30 m, 2 h),
    // then dead-lettered, while the deadline and escalation went ahead regardless.
    clock.advanceHours(2);
    await server.runDueJobs();
    const history = (await api('GET', `/v1/notices/${beta.id}`, keys['beta'])).body[
      'events'
    ] as Array<{ event: string; note: string | null }>;
    expect(history.map((e) => e.event)).toEqual(
      expect.arrayContaining(['sent', 'reminded', 'delivery_failed', 'deadline']),
    );
    expect(history.find((e) => e.event === 'delivery_failed')!.note).toBe(
      'sent: the webhook receiver answered 503',
    );
    expect(received.filter((r) => r.path === '/beta').length).toBeGreaterThanOrEqual(5);
  });

  it('shows the victim her case, names it nowhere a platform reads, and keeps her data sealed', async () => {
    // Her session from the first day has expired (2 hours): she signs in again with code and passphrase.
    expect((await api('GET', `/v1/cases/${code}`, victim)).status).toBe(401);
    const session = await api('POST', '/v1/case-sessions', undefined, {
      code: code.toLowerCase().replace(/-/g, ' '),
      passphrase: 'my own long passphrase',
    });
    victim = session.body['token'];
    const status = await api('GET', `/v1/cases/${code.toLowerCase()}`, victim);
    expect(
      status.body['notices'].map((n: { state: string; deadlineAt?: string }) => n.state).sort(),
    ).toEqual(['disputed', 'overdue', 'removed']);
    expect(status.body['hashes']).toBe(2);
    // What a re-upload of her picture does (held and referred until confirmed, never a block on
    // her word alone) is played in test/abuse/trust.test.ts; here, nothing a platform can read
    // names her case.
    const banks = (await api('GET', '/v1/banks', keys['delta'])).body['banks'] as Array<{
      name: string;
    }>;
    const feed = (await api('GET', '/v1/banks/feed', keys['delta'])).body;
    for (const text of [JSON.stringify(banks), JSON.stringify(feed)])
      expect(text.toLowerCase()).not.toContain(code.toLowerCase().slice(3));
    expect(banks.filter((b) => b.name.startsWith('victim-')).map((b) => b.name)).toEqual([
      'victim-reported',
    ]);
    const stores = openEmbeddedStores(dir);
    const stored = await stores.cases.getCaseByCode(code);
    expect(stored!.contactSealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(stored!.contactSealed).not.toContain('010');
    await stores.close();
  });

  it('limits guessing a passphrase and keeps cases apart', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (
          await api('POST', '/v1/case-sessions', undefined, {
            code,
            passphrase: `wrong ${i} passphrase`,
          })
        ).status,
      ).toBe(401);
    const limited = await api('POST', '/v1/case-sessions', undefined, {
      code,
      passphrase: 'my own long passphrase',
    });
    expect([limited.status, limited.body['error']['code']]).toEqual([429, 'rate_limited']);
    clock.advanceHours(1);
    expect(
      (
        await api('POST', '/v1/case-sessions', undefined, {
          code,
          passphrase: 'my own long passphrase',
        })
      ).status,
    ).toBe(200);
    const login = await api('POST', '/v1/auth/login', undefined, {
      email: 'counsellor@dsc.example.kr',
      password: 'counsellor passphrase',
    });
    expect((await api('GET', `/v1/cases/${code}`, login.body['token'])).status).toBe(404);
    const forHer = await api('POST', '/v1/cases', login.body['token'], {
      urls: ['https://beta.example/v/10'],
    });
    expect(forHer.status).toBe(201);
    expect(
      (await api('GET', `/v1/cases/${forHer.body['code']}`, login.body['token'])).body['notices'],
    ).toHaveLength(1);
    expect((await api('GET', `/v1/cases/${forHer.body['code']}`, victim)).status).toBe(404);
  });

  it('puts disputes and overdue notices before the regulator, whose decision binds, appealable once', async () => {
    const login = async (who: string) =>
      (
        await api('POST', '/v1/auth/login', undefined, {
          email: `${who}@kcsc.example.kr`,
          password: 'reviewer passphrase',
        })
      ).body['token'] as string;
    const [r1, r2] = [await login('r1'), await login('r2')];
    expect((await api('GET', '/v1/review', keys['gamma'])).status).toBe(403);
    const queue = (await api('GET', '/v1/review', r1)).body['items'] as Array<{
      id: number;
      kind: string;
      overdue: boolean;
      noticeId: number;
    }>;
    expect(queue.map((i) => [i.kind, i.overdue])).toEqual([
      ['overdue_notice', false],
      ['disputed_notice', false],
    ]);
    const dispute = queue.find((i) => i.kind === 'disputed_notice')!;
    // The reviewer decides with the notice in front of her: its URL, what it rests on, the
    // platform's reason and its history (kinds of actor only).
    const context = (await api('GET', `/v1/review/${dispute.id}`, r1)).body['notice'];
    expect(context).toMatchObject({
      url: 'https://gamma.example/x',
      state: 'disputed',
      disputeReason: 'this is a licensed stock photo',
      basis: 'victim_report',
    });
    expect(
      (context['events'] as Array<{ event: string; actorKind: string }>).map((e) => [
        e.event,
        e.actorKind,
      ]),
    ).toEqual([
      ['sent', 'victim'],
      ['dispute', 'platform'],
    ]);
    const upheld = await api('POST', `/v1/review/${dispute.id}/decide`, r1, {
      decision: 'remove',
      reasonCode: 'ncii',
    });
    expect([upheld.body['status'], upheld.body['decision']]).toEqual(['decided', 'remove']);
    expect((await noticeOf('gamma'))['state']).toBe('acknowledged');
    expect(
      (
        await api('POST', `/v1/review/${dispute.id}/decide`, r2, {
          decision: 'restore',
          reasonCode: 'consent_shown',
        })
      ).body['error']['code'],
    ).toBe('invalid_transition');
    expect(
      (await api('POST', `/v1/review/${dispute.id}/appeal`, keys['beta'], { reason: 'not ours' }))
        .status,
    ).toBe(404);
    expect(
      (
        await api('POST', `/v1/review/${dispute.id}/appeal`, keys['gamma'], {
          reason: 'the model signed a release',
        })
      ).body['status'],
    ).toBe('appealed');
    expect(
      (
        await api('POST', `/v1/review/${dispute.id}/decide`, r1, {
          decision: 'restore',
          reasonCode: 'consent_shown',
        })
      ).body['error']['message'],
    ).toBe('an appeal is decided by a different reviewer');
    const final = await api('POST', `/v1/review/${dispute.id}/decide`, r2, {
      decision: 'restore',
      reasonCode: 'consent_shown',
    });
    expect([final.body['status'], final.body['decision']]).toEqual(['final', 'restore']);
    expect((await noticeOf('gamma'))['state']).toBe('withdrawn');
    expect(
      (await api('POST', `/v1/review/${dispute.id}/appeal`, keys['gamma'], { reason: 'again' }))
        .body['error']['message'],
    ).toBe('a decision can be appealed only once');
    // She is told why that notice ended, not only that it did.
    const mine = await api('GET', `/v1/cases/${code}`, victim);
    expect(
      (mine.body['notices'] as Array<{ url: string; closedBecause: string | null }>).find(
        (n) => n.url === 'https://gamma.example/x',
      )?.closedBecause,
    ).toBe('rejected_by_regulator');
    // The link on a host no platform registered did not vanish: it waits in the counsellors' queue.
    const counsellor = (
      await api('POST', '/v1/auth/login', undefined, {
        email: 'counsellor@dsc.example.kr',
        password: 'counsellor passphrase',
      })
    ).body['token'] as string;
    expect((await api('GET', '/v1/case-urls/unassigned', counsellor)).body['urls']).toEqual([
      {
        code,
        url: 'https://unknown.example/y',
        host: 'unknown.example',
        addedAt: expect.any(String),
      },
    ]);
    expect((await api('GET', '/v1/case-urls/unassigned', keys['alpha'])).status).toBe(403);
    expect((await api('POST', '/v1/case-urls/unassigned/notices', counsellor)).body).toEqual({
      sent: 0,
    });
  });

  it('blocks preemptively, and a removal by the regulator makes every platform block the item', async () => {
    const login = (
      await api('POST', '/v1/auth/login', undefined, {
        email: 'r1@kcsc.example.kr',
        password: 'reviewer passphrase',
      })
    ).body['token'] as string;
    const other = syntheticPhoto(480, 320, 9);
    suspect = new Uint8Array(
      await sharp(other.data, { raw: { width: 480, height: 320, channels: 3 } })
        .jpeg()
        .toBuffer(),
    );
    const pdq = formatHash256(computePdq(await decodeImage(suspect)).hash);
    await runCli(['bank', 'create', 'suspected'], { HAECHI_DATA: dir });
    const stores = openEmbeddedStores(dir);
    await stores.banks.importEntries(
      (await stores.banks.getBankByName('suspected'))!.id,
      (async function* () {
        yield { signalType: 'pdq', signal: pdq, labels: {}, source: 'report', caseId: null };
      })(),
      { addedBy: 'test', at: START },
      () => undefined,
    );
    await stores.close();
    await server.runDueJobs(); // lets the matcher read the new entry
    const screen = async (platform: string, url?: string) => {
      const response = await fetch(
        `${server.url}/v1/screen${url ? `?url=${encodeURIComponent(url)}` : ''}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${keys[platform]}`, 'content-type': 'image/jpeg' },
          body: Buffer.from(suspect),
        },
      );
      return (await response.json()) as { verdict: string; id: string };
    };
    const held = await screen('delta', 'https://delta.example/post/5');
    expect(held.verdict).toBe('hold');
    expect(await api('GET', `/v1/screenings/${held.id}`, keys['delta'])).toMatchObject({
      body: { verdict: 'hold', status: 'pending_review' },
    });
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['beta'])).status).toBe(404);
    const item = (
      (await api('GET', '/v1/review', login)).body['items'] as Array<{
        id: number;
        kind: string;
        screeningId: string;
      }>
    ).find((i) => i.screeningId === held.id)!;
    expect(item.kind).toBe('held_screening');
    const detail = await api('GET', `/v1/review/${item.id}`, login);
    expect(detail.body['evidence']['reasons'][0]['rule']).toBe('suspected-match');
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['delta'])).body['review']).toEqual({
      status: 'open',
      decision: null,
      reasonCode: null,
      decidedAt: null,
      action: 'hold',
    });
    // Delta hears the outcome on its webhook, signed, as well as by asking.
    const deltaSecret = (await api('POST', '/v1/webhook-secret', keys['delta'])).body['secret'];
    const port = (hooks.address() as AddressInfo).port;
    await api('PUT', '/v1/webhook', keys['delta'], { url: `http://127.0.0.1:${port}/delta` });
    await api('POST', `/v1/review/${item.id}/decide`, login, {
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
    });
    await server.runDueJobs();
    expect((await api('GET', `/v1/screenings/${held.id}`, keys['delta'])).body['review']).toEqual({
      status: 'decided',
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
      decidedAt: '2026-11-26T12:00:00.000Z',
      action: 'keep_blocked',
    });
    const outcome = received.find(
      (r) => r.path === '/delta' && r.body.includes('screening.reviewed'),
    )!;
    expect(
      verifyHaechiSignature(deltaSecret, outcome.body, outcome.signature, {
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
      }),
    ).toBe(true);
    expect(JSON.parse(outcome.body)).toEqual({
      type: 'screening.reviewed',
      screening: {
        id: held.id,
        contentId: null,
        verdict: 'hold',
        decision: 'remove',
        action: 'keep_blocked',
        reasonCode: 'sexual_deepfake',
        decidedAt: '2026-11-26T12:00:00.000Z',
        final: false,
      },
    });
    expect((await screen('beta')).verdict).toBe('block');
    // Its crops were hashed when it was held: a re-post cut down to its centre 80 % is blocked as
    // the confirmed item, by the crop that matched.
    const cut = await sharp(suspect)
      .extract({ left: 48, top: 32, width: 384, height: 256 })
      .jpeg()
      .toBuffer();
    const cutDown = (await (
      await fetch(`${server.url}/v1/screen`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys['beta']}`, 'content-type': 'image/jpeg' },
        body: cut,
      })
    ).json()) as { verdict: string; matches: Array<Record<string, unknown>> };
    expect(cutDown.verdict).toBe('block');
    expect(cutDown.matches).toContainEqual(
      expect.objectContaining({ bank: 'confirmed', signalType: 'pdq', crop: 'centre-80' }),
    );
    const deltaNotices = (await api('GET', '/v1/notices', keys['delta'])).body['notices'] as Array<{
      url: string;
      state: string;
    }>;
    expect(deltaNotices.map((n) => [n.url, n.state])).toEqual([
      ['https://delta.example/post/5', 'sent'],
    ]);
  });

  it('shows the task force exactly those times, and a transparency report of the decisions', async () => {
    const analyst = (
      await api('POST', '/v1/auth/login', undefined, {
        email: 'analyst@gov.example.kr',
        password: 'analyst passphrase',
      })
    ).body['token'] as string;
    expect(
      (
        await api(
          'GET',
          '/v1/metrics?from=2026-11-25T00:00:00Z&to=2026-11-28T00:00:00Z',
          keys['alpha'],
        )
      ).status,
    ).toBe(403);
    expect(clock.now().toISOString()).toBe('2026-11-26T12:00:00.000Z');
    const metrics = (
      await api('GET', '/v1/metrics?from=2026-11-25T00:00:00Z&to=2026-11-28T00:00:00Z', analyst)
    ).body;
    // A range of a millisecond is read as its whole day: aggregates never isolate one notice's times.
    const narrow = (
      await api(
        'GET',
        '/v1/metrics?from=2026-11-25T09:00:00.000Z&to=2026-11-25T09:00:00.001Z',
        analyst,
      )
    ).body;
    expect([narrow['from'], narrow['to']]).toEqual([
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ]);
    expect(metrics['notices']).toEqual({
      sent: 5,
      removed: 1,
      removedWithinDeadline: 1,
      shareWithinDeadline: 0.33,
      overdueNow: 1,
      disputed: 1,
      // One removal: its time would be that notice's own, so none is given (small cells).
      hoursToRemoval: { p50: null, p90: null, p99: null, max: null },
    });
    expect(metrics['platforms']).toEqual([
      {
        platform: 'alpha',
        notices: 1,
        removed: 1,
        removedWithinDeadline: 1,
        shareWithinDeadline: 1,
        overdue: 0,
        medianHoursToRemoval: null,
      },
      {
        platform: 'beta',
        notices: 2,
        removed: 0,
        removedWithinDeadline: 0,
        shareWithinDeadline: 0,
        overdue: 1,
        medianHoursToRemoval: null,
      },
      {
        platform: 'delta',
        notices: 1,
        removed: 0,
        removedWithinDeadline: 0,
        shareWithinDeadline: null,
        overdue: 0,
        medianHoursToRemoval: null,
      },
      {
        platform: 'gamma',
        notices: 1,
        removed: 0,
        removedWithinDeadline: 0,
        shareWithinDeadline: 0,
        overdue: 0,
        medianHoursToRemoval: null,
      },
    ]);
    // Her own request and the one a counsellor filed; neither has all its content down yet.
    expect(metrics['cases']).toEqual({
      opened: 2,
      selfService: 1,
      viaSupportCenter: 1,
      allContentRemoved: 0,
      withdrawn: 0,
    });
    expect(metrics['review']).toEqual({
      opened: { disputed_notice: 1, overdue_notice: 1, held_screening: 1 },
      decided: { remove: 1, restore: 1 },
      appealed: 1,
      backlog: 1,
      backlogOverdue: 0,
      oldestBacklogHours: 3,
      backlogAge: [
        { fromHours: 0, toHours: 24, count: 1 },
        { fromHours: 24, toHours: 72, count: 0 },
        { fromHours: 72, toHours: 168, count: 0 },
        { fromHours: 168, toHours: null, count: 0 },
      ],
    });
    // The charts' data: the one removal took 2 h; the five notices over the range's three days.
    expect((metrics['removalHours'] as Array<{ count: number }>).map((b) => b.count)).toEqual([
      0, 1, 0, 0, 0, 0,
    ]);
    const series = metrics['series'] as {
      period: string;
      points: Array<{ start: string; sent: number }>;
    };
    expect([series.period, series.points.map((p) => p.start)]).toEqual([
      'day',
      ['2026-11-25', '2026-11-26', '2026-11-27'],
    ]);
    expect(series.points.reduce((sum, p) => sum + p.sent, 0)).toBe(5);
    expect(JSON.stringify(metrics)).not.toContain('example/');
    const report = await fetch(
      `${server.url}/v1/reports/transparency?from=2026-11-25T00:00:00Z&to=2026-11-28T00:00:00Z&format=csv`,
      { headers: { authorization: `Bearer ${analyst}` } },
    );
    const csv = (await report.text()).trim().split('\r\n');
    expect(csv[0]).toBe(
      'decision_id,decision_date,platform,decision_visibility,decision_ground,reason_code,content_type,source_type,automated_detection,automated_decision,territorial_scope,appealed,final,redress',
    );
    expect(csv.slice(1).map((row) => row.split(',').slice(2, 6).join(','))).toEqual([
      'gamma,no restriction,consent to publication shown,consent_shown',
      'delta,content removed,illegal content: sexual deepfake of a real person,sexual_deepfake',
    ]);
  });

  it('preserves evidence of every confirmed item, and gives investigators a signed bundle that verifies offline', async () => {
    const detective = (
      await api('POST', '/v1/auth/login', undefined, {
        email: 'detective@police.example.kr',
        password: 'investigator passphrase',
      })
    ).body['token'] as string;
    const analyst = (
      await api('POST', '/v1/auth/login', undefined, {
        email: 'analyst@gov.example.kr',
        password: 'analyst passphrase',
      })
    ).body['token'] as string;
    expect((await api('GET', '/v1/evidence', analyst)).status).toBe(403);
    expect((await api('GET', '/v1/evidence', keys['delta'])).status).toBe(403);
    const records = (await api('GET', '/v1/evidence', detective)).body['records'] as Array<{
      id: string;
      subjectType: string;
      reason: string;
      hasMedia: boolean;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      facts: Record<string, any>;
    }>;
    // A verified removal (alpha, at 2 h), a dispute the reviewer first upheld (gamma; the appeal's
    // reversal is in the audit trail, the record stays), and the upload the regulator removed (delta).
    expect(records.map((r) => [r.subjectType, r.reason, r.hasMedia]).sort()).toEqual([
      ['notice', 'notice_upheld', false],
      ['notice', 'removal_verified', false],
      ['screening', 'review_remove', true],
    ]);
    const removal = records.find((r) => r.reason === 'removal_verified')!;
    expect(removal.facts['platform']['name']).toBe('alpha');
    expect(removal.facts['notice']['removedAt']).toBe('2026-11-25T11:00:00.000Z');
    expect(removal.facts['notice']['events'].map((e: { event: string }) => e.event)).toEqual(
      expect.arrayContaining([
        'sent',
        'acknowledge',
        'report_removed',
        'verify_failed',
        'verify_removed',
      ]),
    );
    expect(
      removal.facts['case']['hashes'].map((h: { signalType: string }) => h.signalType),
    ).toEqual(['pdq', 'md5']);
    expect(JSON.stringify(removal.facts)).not.toContain('010-0000-0000');

    const upload = records.find((r) => r.reason === 'review_remove')!;
    const suspectSha = createHash('sha256').update(suspect).digest('hex');
    expect(upload.facts['media']).toEqual({
      sha256: suspectSha,
      contentType: 'image/jpeg',
      size: suspect.length,
    });
    expect(upload.facts['screening']['policyReasons'][0]['rule']).toBe('suspected-match');
    expect(upload.facts['review']).toMatchObject({
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
    });
    expect(upload.facts['notices'].map((n: { url: string }) => n.url)).toEqual([
      'https://delta.example/post/5',
    ]);
    // The bytes are sealed at rest, under a key of their own.
    const db = new DatabaseSync(join(dir, 'haechi.db'), { readOnly: true });
    const sealed = db
      .prepare('SELECT ciphertext, key_wrapped FROM sealed_media WHERE sha256 = ?')
      .get(suspectSha) as { ciphertext: Uint8Array; key_wrapped: string };
    db.close();
    expect(sealed.ciphertext.length).toBe(suspect.length);
    expect(Buffer.from(sealed.ciphertext).equals(Buffer.from(suspect))).toBe(false);
    expect(sealed.key_wrapped).toMatch(/^v1\.[0-9a-f]{8}\./);

    const response = await fetch(`${server.url}/v1/evidence/${upload.id}/bundle?media=true`, {
      headers: { authorization: `Bearer ${detective}` },
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'application/zip',
    ]);
    const zip = new Uint8Array(await response.arrayBuffer());
    const files = unzipSync(zip);
    expect(Buffer.from(files[`media/${suspectSha}.jpg`]).equals(Buffer.from(suspect))).toBe(true);
    const audit = strFromU8(files['audit.jsonl'])
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { action: string }).action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'screening.recorded',
        'media.retained',
        'review.opened',
        'review.updated',
        'notice.sent',
        'evidence.fixed',
      ]),
    );
    const key = (await api('GET', '/v1/evidence-signing-key', detective)).body;
    const bundleFile = join(dir, 'bundle.zip');
    const keyFile = join(dir, 'haechi-signing.pem');
    await writeFile(bundleFile, zip);
    await writeFile(keyFile, key['publicKeyPem']);
    await writeFile(join(dir, 'bundle-as-exported.zip'), zip);
    const verified = await runCli(['evidence', 'verify', bundleFile, '--public-key', keyFile]);
    expect([verified.code, verified.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      `bundle of ${upload.id} verified (signed by the trusted key)`,
    ]);
    // Re-zipped with folder entries (as `zip -r` makes them), it still verifies; without the
    // instance's key it is never called valid; a file that is no zip exits 2.
    const rezipped = join(dir, 'rezipped.zip');
    await writeFile(rezipped, zipSync({ ...files, 'media/': new Uint8Array(0) }));
    expect((await runCli(['evidence', 'verify', rezipped, '--public-key', keyFile])).code).toBe(0);
    const unpinned = await runCli(['evidence', 'verify', bundleFile]);
    expect([unpinned.code, unpinned.stdout.trim().split('\n').at(-1)]).toEqual([
      1,
      `bundle of ${upload.id} does NOT verify (no --public-key: its signer is unknown)`,
    ]);
    await writeFile(rezipped, 'not a zip at all');
    expect((await runCli(['evidence', 'verify', rezipped, '--public-key', keyFile])).code).toBe(2);
    // One changed byte in the record, and the bundle no longer verifies.
    const record = JSON.parse(strFromU8(files['record.json'])) as { facts: { fixedAt: string } };
    record.facts.fixedAt = '2026-11-20T00:00:00.000Z';
    await writeFile(
      bundleFile,
      zipSync({ ...files, 'record.json': strToU8(JSON.stringify(record)) }),
    );
    const tampered = await runCli(['evidence', 'verify', bundleFile, '--public-key', keyFile]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(
      'FAIL  record: the facts do not match their digest (the record was changed)',
    );
    expect((await readFile(bundleFile)).length).toBeGreaterThan(0);
    const exports = await runCli(['audit', 'list', '--object', `evidence:${upload.id}`], {
      HAECHI_DATA: dir,
    });
    expect(
      exports.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string; actor: string }).action),
    ).toEqual(['evidence.fixed', 'evidence.exported']);
  });

  it('withdraws the case: notices are withdrawn, re-uploads are allowed again, her session ends', async () => {
    const withdrawn = await api('POST', `/v1/cases/${code}/withdraw`, victim);
    expect(withdrawn.body['status']).toBe('withdrawn');
    expect(
      withdrawn.body['notices'].map((n: { state: string; deadlineAt?: string }) => n.state).sort(),
    ).toEqual(['removed', 'withdrawn', 'withdrawn']);
    // Her session ended with the request: nothing more is added or read with it.
    expect(
      (await api('POST', `/v1/cases/${code}/urls`, victim, { urls: ['https://beta.example/z'] }))
        .body['error']['code'],
    ).toBe('unauthenticated');
    await server.runDueJobs(); // the matcher reads the withdrawal
    const again = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys['delta']}`, 'content-type': 'image/jpeg' },
      body: Buffer.from(photo),
    });
    expect(((await again.json()) as { verdict: string }).verdict).toBe('allow');
  });

  it('has recorded every step in an audit chain that verifies', async () => {
    const verified = await runCli(['audit', 'verify'], { HAECHI_DATA: dir });
    expect(verified.code).toBe(0);
    // An investigator's bundle is an anchor too: its signed manifest records the head it saw.
    const withBundle = await runCli(
      ['audit', 'verify', '--bundle', join(dir, 'bundle-as-exported.zip')],
      { HAECHI_DATA: dir },
    );
    expect([withBundle.code, withBundle.stdout]).toEqual([
      0,
      expect.stringMatching(/^audit log verified: \d+ entries/),
    ]);
    const notABundle = await runCli(['audit', 'verify', '--bundle', join(dir, 'haechi.db')], {
      HAECHI_DATA: dir,
    });
    expect(notABundle.code).not.toBe(0);
    const list = await runCli(['audit', 'list', '--limit', '1000'], { HAECHI_DATA: dir });
    const actions = list.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case.opened',
        'notice.sent',
        'notice.transitioned',
        'case.withdrawn',
      ]),
    );
    expect(list.stdout).not.toContain('010-0000-0000');
    expect(list.stdout).not.toContain('passphrase');
  });

  it('detects tampering with one audit row, naming it', async () => {
    const db = new DatabaseSync(join(dir, 'haechi.db'));
    const row = db
      .prepare("SELECT seq FROM audit_log WHERE action = 'evidence.fixed' ORDER BY seq LIMIT 1")
      .get() as { seq: number };
    expect(() =>
      db.prepare('UPDATE audit_log SET actor = ? WHERE seq = ?').run('user:1', row.seq),
    ).toThrow('the audit log is append-only');
    // Someone with the database file drops the guard and rewrites history.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET actor = ? WHERE seq = ?').run('user:1', row.seq);
    db.close();
    const verified = await runCli(['audit', 'verify'], { HAECHI_DATA: dir });
    expect([verified.code, verified.stdout.trim()]).toEqual([
      1,
      `audit log BROKEN at entry #${row.seq}: its content does not match its hash (the entry was edited) (${row.seq - 1} entries before it verify)`,
    ]);
  });
});
