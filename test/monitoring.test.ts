import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from './support/console-fixture.js';
import { callJson } from './support/json-api.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

/** A site on 127.0.0.1 (or `localhost`) that logs every request and answers from a table. */
class TestSite {
  readonly log: Array<{ path: string; at: number; conditional: boolean }> = [];
  readonly files = new Map<string, { type: string; body: Buffer }>();
  private server!: Server;
  origin = '';

  async start(host: '127.0.0.1' | 'localhost'): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      this.log.push({
        path,
        at: Date.now(),
        conditional: req.headers['if-none-match'] !== undefined,
      });
      if (path.startsWith('/hang') || path === '/img/hang.jpg') return; // never answers
      const file = this.files.get(path);
      if (!file) return res.writeHead(404).end('not here');
      const etag = `"${createHash('sha1').update(file.body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': file.type, etag }).end(file.body);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  html(path: string, body: string): void {
    this.files.set(path, {
      type: 'text/html',
      body: Buffer.from(`<!doctype html><html><body>${body}</body></html>`),
    });
  }

  requests(path: string): number {
    return this.log.filter((r) => r.path === path).length;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

const jpeg = (seed: number) => {
  const image = syntheticPhoto(480, 360, seed);
  return sharp(image.data, { raw: { width: 480, height: 360, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
};

let dir: string;
let server: RunningServer;
const site = new TestSite();
const elsewhere = new TestSite();
let admin = '';
let platform = '';
let counsellor = '';
let folder: string;
const api = (method: string, path: string, token: string, body?: unknown) =>
  callJson(server.url, method, path, token, body);
const login = async (email: string, password: string) =>
  (await callJson(server.url, 'POST', '/v1/auth/login', undefined, { email, password })).body[
    'token'
  ] as string;

async function start(): Promise<void> {
  server = await startServer(
    loadConfig({
      HAECHI_DATA: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_DETECTORS: '',
      HAECHI_FETCH_ALLOW_PRIVATE: 'true',
      HAECHI_MASTER_KEY: 'd'.repeat(64),
    }),
    { manualJobs: true },
  );
  admin = await login('admin@haechi.example.kr', 'an admin passphrase');
  platform = await login('tns@alpha.example', 'a platform passphrase');
  counsellor = await login('c@dsc.example.kr', 'a counsellor passphrase');
}

// Monitors find banked pictures where they are published, and open notices by themselves.
describe('automated monitoring against sites on 127.0.0.1', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-monitor-'));
    folder = await mkdtemp(join(tmpdir(), 'haechi-seized-'));
    const [a, b, c] = await Promise.all([jpeg(21), jpeg(22), jpeg(23)]);
    const aSmall = await sharp(a).resize(360, 270).jpeg({ quality: 80 }).toBuffer();
    const bFlipped = await sharp(b).flop().jpeg({ quality: 90 }).toBuffer();
    await site.start('127.0.0.1');
    await elsewhere.start('localhost');
    const img = (path: string, body: Buffer) => site.files.set(path, { type: 'image/jpeg', body });
    site.files.set('/robots.txt', {
      type: 'text/plain',
      body: Buffer.from('User-agent: *\nDisallow: /private/\n'),
    });
    site.html(
      '/index.html',
      `<img src="/img/a.jpg"><img src="img/c.jpg"><a href="/page2.html">2</a><a href="/private/p.html">p</a><a href="${elsewhere.origin}/index.html">away</a>`,
    );
    site.html(
      '/page2.html',
      '<img src="/img/a-copy.jpg"><img src="/img/a-small.jpg"><picture><source srcset="/img/b-flipped.jpg"></picture><img src="/img/garbage.jpg"><img src="/img/hang.jpg"><img src="/img/c.jpg">',
    );
    site.html('/private/p.html', '<img src="/private/a.jpg">');
    img('/img/a.jpg', a);
    img('/img/a-copy.jpg', a);
    img('/img/a-small.jpg', aSmall);
    img('/img/b-flipped.jpg', bFlipped);
    img('/img/c.jpg', c);
    img('/img/feed-b.jpg', b);
    img('/img/sitemap-a.jpg', aSmall);
    img('/img/event-b.jpg', bFlipped);
    img('/private/a.jpg', a);
    site.files.set('/img/garbage.jpg', { type: 'image/jpeg', body: randomBytes(5000) });
    const published = new Date(Date.now() - 3_600_000).toUTCString();
    site.files.set('/feed.xml', {
      type: 'application/rss+xml',
      body: Buffer.from(
        `<rss version="2.0"><channel><item><link>${site.origin}/post/1</link><pubDate>${published}</pubDate><enclosure url="${site.origin}/img/feed-b.jpg" type="image/jpeg"/></item></channel></rss>`,
      ),
    });
    site.files.set('/sitemap.xml', {
      type: 'application/xml',
      body: Buffer.from(
        `<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>${site.origin}/gallery</loc><image:image><image:loc>${site.origin}/img/sitemap-a.jpg</image:loc></image:image></url></urlset>`,
      ),
    });
    elsewhere.html('/index.html', '<img src="/b.jpg">');
    elsewhere.files.set('/b.jpg', { type: 'image/jpeg', body: bFlipped });
    await mkdir(join(folder, 'chat'));
    await writeFile(join(folder, 'chat', 'IMG_0001.jpg'), a);
    await writeFile(join(folder, 'chat', 'IMG_0002.jpg'), c);
    await writeFile(join(folder, 'notes.txt'), 'not media');

    const stores = openEmbeddedStores(dir);
    await addOrg(stores, {
      name: 'alpha',
      kind: 'platform',
      domains: ['127.0.0.1'],
      person: { email: 'tns@alpha.example', role: 'platform', password: 'a platform passphrase' },
    });
    await addOrg(stores, {
      name: 'haechi-ops',
      kind: 'operator',
      person: { email: 'admin@haechi.example.kr', role: 'admin', password: 'an admin passphrase' },
    });
    await addOrg(stores, {
      name: 'dsc',
      kind: 'support_center',
      person: {
        email: 'c@dsc.example.kr',
        role: 'counsellor',
        password: 'a counsellor passphrase',
      },
    });
    await stores.close();
    await start();
    // A victim's request holds the hashes of her two pictures (a and b).
    const pdq = async (bytes: Buffer) =>
      formatHash256(computePdq(await decodeImage(new Uint8Array(bytes))).hash);
    const opened = await callJson(server.url, 'POST', '/v1/cases', undefined, {
      passphrase: 'her long passphrase',
      hashes: [
        { signalType: 'pdq', signal: await pdq(a) },
        { signalType: 'pdq', signal: await pdq(b) },
      ],
    });
    expect(opened.status).toBe(201);
    await server.runDueJobs();
  });

  afterAll(async () => {
    await server?.close();
    site.close();
    elsewhere.close();
    await rm(dir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it('crawls a site politely, finds every banked copy, and notices the platform once each', async () => {
    const created = await api('POST', '/v1/monitors', admin, {
      name: 'alpha-site',
      kind: 'html',
      startUrls: [`${site.origin}/index.html`],
      maxDepth: 1,
      minIntervalMs: 150,
      fetchTimeoutMs: 1500,
      intervalSeconds: 60,
    });
    expect(created.status).toBe(201);
    const ran = await api('POST', `/v1/monitors/${created.body['id']}/run`, admin);
    expect(ran.body['lastRun']).toEqual({
      pages: 2, // index and page 2; the private page is disallowed, the other host out of scope
      notModified: 0,
      media: 6, // a, c, a-copy, a-small, b-flipped, garbage; hang never answered
      screened: 4, // a-copy is a's bytes (screened once); garbage is no image
      skipped: 1, // c.jpg on page 2 was already seen on the index
      matches: 4,
      errors: 2, // garbage (not an image) and hang (timed out)
      robotsBlocked: 1,
    });
    // The private page was never fetched, nor anything of the other host.
    expect(site.log.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    expect(elsewhere.log).toEqual([]);
    // Requests to the host were started the monitor's interval (150 ms) apart. Their arrival here,
    // on the event loop this site shares with the server, jitters with the machine's load (one
    // stamped late, the next on time), so the spacing is read over the whole crawl, where a late
    // stamp cannot shorten it by more than its own delay.
    const first = (site.log[0] as { at: number }).at;
    const last = (site.log.at(-1) as { at: number }).at;
    expect(last - first).toBeGreaterThanOrEqual((site.log.length - 1) * 150 - 50);

    const notices = (await api('GET', '/v1/notices', platform)).body['notices'] as Array<{
      url: string;
    }>;
    expect(notices.map((n) => n.url.replace(site.origin, '')).sort()).toEqual([
      '/img/a-copy.jpg',
      '/img/a-small.jpg',
      '/img/a.jpg',
      '/img/b-flipped.jpg',
    ]);
  });

  it('runs again without fetching what it saw, and after a restart too', async () => {
    const id = (
      (await api('GET', '/v1/monitors', admin)).body['monitors'] as Array<{
        id: number;
        name: string;
      }>
    ).find((m) => m.name === 'alpha-site')!.id;
    const mediaRequests = () =>
      site.log.filter((r) => r.path.startsWith('/img/') && r.path !== '/img/hang.jpg').length;
    const before = mediaRequests();
    const again = await api('POST', `/v1/monitors/${id}/run`, admin);
    expect(again.body['lastRun']).toMatchObject({ pages: 2, notModified: 2, media: 0, matches: 0 });
    expect(mediaRequests()).toBe(before);

    await server.close();
    await start();
    const afterRestart = await api('POST', `/v1/monitors/${id}/run`, admin);
    expect(afterRestart.body['lastRun']).toMatchObject({
      pages: 2,
      notModified: 2,
      media: 0,
      matches: 0,
    });
    expect(mediaRequests()).toBe(before);
    expect(afterRestart.body['totals']).toMatchObject({ runs: 3, matches: 4 });
    // No notice twice: still four.
    expect(((await api('GET', '/v1/notices', platform)).body['notices'] as unknown[]).length).toBe(
      4,
    );
  });

  it('reads feeds and sitemaps, and measures the time from publication to detection', async () => {
    for (const [name, kind, path] of [
      ['alpha-feed', 'feed', '/feed.xml'],
      ['alpha-sitemap', 'sitemap', '/sitemap.xml'],
    ] as const) {
      const created = await api('POST', '/v1/monitors', admin, {
        name,
        kind,
        startUrls: [`${site.origin}${path}`],
        maxDepth: 0,
        minIntervalMs: 0,
      });
      const ran = await api('POST', `/v1/monitors/${created.body['id']}/run`, admin);
      expect([name, ran.body['lastRun']['matches'], ran.body['lastRun']['errors']]).toEqual([
        name,
        1,
        0,
      ]);
    }
    const monitors = (await api('GET', '/v1/monitors', admin)).body['monitors'] as Array<{
      name: string;
      detections: number;
      hoursFromPublicationToDetection: { p50: number | null };
    }>;
    const feed = monitors.find((m) => m.name === 'alpha-feed')!;
    expect(feed.detections).toBe(1);
    expect(feed.hoursFromPublicationToDetection.p50).toBeGreaterThanOrEqual(0.99);
    expect(feed.hoursFromPublicationToDetection.p50).toBeLessThan(1.1);
    const urls = (
      (await api('GET', '/v1/notices', platform)).body['notices'] as Array<{ url: string }>
    ).map((n) => n.url.replace(site.origin, ''));
    expect(urls).toEqual(expect.arrayContaining(['/img/feed-b.jpg', '/img/sitemap-a.jpg']));
  });

  it('puts what no platform hosts in the counsellors queue: another host, a seized folder', async () => {
    const web = await api('POST', '/v1/monitors', admin, {
      name: 'elsewhere',
      kind: 'html',
      startUrls: [`${elsewhere.origin}/index.html`],
      maxDepth: 0,
      minIntervalMs: 0,
    });
    expect(
      (await api('POST', `/v1/monitors/${web.body['id']}/run`, admin)).body['lastRun'],
    ).toMatchObject({ matches: 1 });
    const seized = await api('POST', '/v1/monitors', admin, {
      name: 'seized-phone',
      kind: 'folder',
      folder,
    });
    const ran = await api('POST', `/v1/monitors/${seized.body['id']}/run`, admin);
    expect(ran.body['lastRun']).toMatchObject({ media: 2, matches: 1, errors: 0 });
    const queue = (await api('GET', '/v1/monitor-findings?status=unassigned', counsellor)).body[
      'findings'
    ] as Array<{
      url: string;
      verdict: string;
      noticeId: number | null;
    }>;
    expect(queue.map((f) => [f.url.replace(elsewhere.origin, ''), f.verdict, f.noticeId])).toEqual([
      // Her own report holds (and is referred); a counsellor's or the regulator's confirmation blocks.
      ['/b.jpg', 'hold', null],
      ['file:chat/IMG_0001.jpg', 'hold', null],
    ]);
    expect((await api('GET', '/v1/monitor-findings', platform)).status).toBe(403);
    // Unchanged files are not read again.
    const again = await api('POST', `/v1/monitors/${seized.body['id']}/run`, admin);
    expect(again.body['lastRun']).toMatchObject({ media: 0, skipped: 2 });
  });

  it('screens the uploads a platform posts, and pauses and resumes', async () => {
    const hook = await api('POST', '/v1/monitors', admin, {
      name: 'alpha-uploads',
      kind: 'webhook',
      platform: 'alpha',
      minIntervalMs: 0,
    });
    const posted = await api('POST', '/v1/monitor-events', platform, {
      url: `${site.origin}/img/event-b.jpg`,
      publishedAt: new Date().toISOString(),
    });
    expect(posted.status).toBe(202);
    expect(await server.runDueJobs()).toBeGreaterThan(0);
    const status = (
      (await api('GET', '/v1/monitors', admin)).body['monitors'] as Array<{
        name: string;
        totals: { matches: number };
      }>
    ).find((m) => m.name === 'alpha-uploads')!;
    expect(status.totals.matches).toBe(1);
    const urls = (
      (await api('GET', '/v1/notices', platform)).body['notices'] as Array<{ url: string }>
    ).map((n) => n.url);
    expect(urls).toContain(`${site.origin}/img/event-b.jpg`);

    const paused = await api('POST', `/v1/monitors/${hook.body['id']}/pause`, admin);
    expect(paused.body['status']).toBe('paused');
    expect((await api('POST', `/v1/monitors/${hook.body['id']}/pause`, admin)).status).toBe(409);
    expect(
      (await api('POST', `/v1/monitors/${hook.body['id']}/resume`, admin)).body['status'],
    ).toBe('active');
  });

  it('lets an authorised police monitor past robots.txt, and says so in the audit log', async () => {
    const stores = openEmbeddedStores(dir);
    await addOrg(stores, { name: 'knpa', kind: 'police' });
    await stores.close();
    const before = site.requests('/private/p.html');
    const created = await api('POST', '/v1/monitors', admin, {
      name: 'warrant-2026-117',
      kind: 'html',
      org: 'knpa',
      startUrls: [`${site.origin}/private/p.html`],
      maxDepth: 0,
      minIntervalMs: 0,
      respectRobots: false,
      authorisation: 'Seoul Central District Court warrant 2026-117',
    });
    expect([created.status, created.body['respectRobots']]).toEqual([201, false]);
    const ran = await api('POST', `/v1/monitors/${created.body['id']}/run`, admin);
    expect(ran.body['lastRun']).toMatchObject({ pages: 1, robotsBlocked: 0, matches: 1 });
    expect(site.requests('/private/p.html')).toBe(before + 1);
    const check = openEmbeddedStores(dir);
    const entries = await check.audit.list({ afterSeq: 0, limit: 100_000, objectType: 'monitor' });
    await check.close();
    expect(
      entries.find(
        (e) => e.objectId === String(created.body['id']) && e.action === 'monitor.created',
      )?.details,
    ).toEqual({
      kind: 'html',
      orgId: expect.any(Number),
      respectRobots: false,
      authorisation: 'Seoul Central District Court warrant 2026-117',
    });
  });

  it('records a run that failed (a site that hangs) and backs off', async () => {
    const created = await api('POST', '/v1/monitors', admin, {
      name: 'hanging-site',
      kind: 'html',
      startUrls: [`${site.origin}/hang.html`],
      minIntervalMs: 0,
      fetchTimeoutMs: 500,
    });
    const ran = await api('POST', `/v1/monitors/${created.body['id']}/run`, admin);
    expect([ran.body['failures'], ran.body['lastError']]).toEqual([
      1,
      'no complete answer within 500 ms',
    ]);
    const again = await api('POST', `/v1/monitors/${created.body['id']}/run`, admin);
    expect(again.body['failures']).toBe(2);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses what a monitor may not do, with its reason', async () => {
    const refusals = await Promise.all([
      api('POST', '/v1/monitors', admin, {
        name: 'no-robots',
        kind: 'html',
        startUrls: [`${site.origin}/`],
        respectRobots: false,
      }),
      api('POST', '/v1/monitors', admin, { name: 'no-start', kind: 'feed' }),
      api('POST', '/v1/monitors', admin, { name: 'relative', kind: 'folder', folder: '../etc' }),
      api('POST', '/v1/monitors', admin, {
        name: 'ftp',
        kind: 'html',
        startUrls: ['ftp://x.example/'],
      }),
      api('POST', '/v1/monitors', admin, {
        name: 'alpha-site',
        kind: 'html',
        startUrls: [`${site.origin}/`],
      }),
      api('POST', '/v1/monitors', platform, {
        name: 'mine',
        kind: 'html',
        startUrls: [`${site.origin}/`],
      }),
    ]);
    expect(refusals.map((r) => [r.status, r.body['error']['message']])).toEqual([
      [
        400,
        'respectRobots: only a monitor run for a police organisation, with its authorisation named, may ignore robots.txt',
      ],
      [400, 'startUrls: a feed monitor needs at least one'],
      [400, 'folder: an absolute path to an existing directory'],
      [400, 'startUrls.0: an http(s) URL'],
      [409, 'a monitor named "alpha-site" exists'],
      [403, 'this needs the role admin'],
    ]);
  });
});
