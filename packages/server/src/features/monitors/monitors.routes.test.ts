// The monitors' routes in process (app.request()) on a real store, a real screening of what a
// folder monitor finds, and the job store its runs are scheduled in: the rules of a monitor's
// settings, its pause and resume, a run and its finding, and a platform's upload reports.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey, login } from '@haechi/access';
import { BankMatcher, ensureBank, importHashList } from '@haechi/banks';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests, callJson } from '../../http/app-for-tests.js';
import { createLogger } from '../../logging/logger.js';
import { createOutboundFetch } from '../../services/outbound/outbound-fetch.js';
import { DETECTORS_IN_REQUEST_ONLY } from '../screening/async-detection.js';
import { BankDirectory } from '../screening/bank-directory.js';
import { imageHasherPool } from '../screening/image-hasher.js';
import { ScreeningService } from '../screening/screening-service.js';
import { MonitorService } from './monitor-service.js';
import { monitorsFeature } from './monitors.feature.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a long enough passphrase';

// The server's own worker threads (the built code), as in production.
const images = imageHasherPool(1);

describe('monitors routes', () => {
  let dir: string;
  let folder: string;
  let stores: EmbeddedStores;
  let app: ReturnType<typeof appForTests>;
  const tokens: Record<'admin' | 'analyst' | 'counsellor', string> = {
    admin: '',
    analyst: '',
    counsellor: '',
  };
  let platformKey = '';
  let otherPlatformKey = '';

  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    callJson(app, method, path, token, body);
  const refusal = (code: string, message: string) => ({ error: { code, message } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-monitors-routes-'));
    folder = join(dir, 'seized-device');
    mkdirSync(folder);
    stores = openEmbeddedStores(join(dir, 'store'));
    await createOrg(stores.access, { name: 'ops', kind: 'operator', jurisdiction: 'KR', at: AT });
    await createOrg(stores.access, { name: 'kcsc', kind: 'regulator', jurisdiction: 'KR', at: AT });
    await createOrg(stores.access, {
      name: 'mogef',
      kind: 'government',
      jurisdiction: 'KR',
      at: AT,
    });
    await createOrg(stores.access, {
      name: 'dsc',
      kind: 'support_center',
      jurisdiction: 'KR',
      at: AT,
    });
    await createOrg(stores.access, { name: 'knpa', kind: 'police', jurisdiction: 'KR', at: AT });
    for (const [role, org] of [
      ['admin', 'ops'],
      ['analyst', 'mogef'],
      ['counsellor', 'dsc'],
    ] as const) {
      const email = `${role}@${org}.example`;
      await createUser(stores.access, {
        org,
        email,
        displayName: role,
        role,
        password: PASSPHRASE,
        at: AT,
      });
      tokens[role] = (
        await login(stores.access, { email, password: PASSPHRASE }, new Date())
      ).token;
    }
    for (const name of ['site', 'other-site']) {
      const platform = await createOrg(stores.access, {
        name,
        kind: 'platform',
        jurisdiction: 'KR',
        at: AT,
      });
      const { key } = await issueApiKey(stores.access, {
        orgId: platform.id,
        label: 'k',
        createdBy: 't',
        at: AT,
      });
      if (name === 'site') platformKey = key;
      else otherPlatformKey = key;
    }

    // A benign synthetic picture in the folder, and its hash in the confirmed bank.
    const picture = syntheticImage(240, 180, 7);
    const jpeg = await sharp(picture.data, { raw: { width: 240, height: 180, channels: 3 } })
      .jpeg()
      .toBuffer();
    writeFileSync(join(folder, 'IMG_0001.jpg'), jpeg);
    await ensureBank(stores.banks, {
      name: 'confirmed',
      description: 'confirmed',
      createdBy: 't',
      at: AT,
    });
    await importHashList(stores.banks, {
      bank: 'confirmed',
      lines: [formatHash256(computePdq(picture).hash)],
      source: 'test',
      addedBy: 't',
      at: AT,
    });

    const now = () => new Date();
    const outbound = { allowPrivate: false };
    const screening = new ScreeningService({
      access: stores.access,
      screenings: stores.screenings,
      matcher: await BankMatcher.open(stores.banks),
      directory: new BankDirectory(stores.banks),
      detectors: [],
      limits: { image: {}, video: {} },
      images,
      now,
      // A monitor's own screenings are recorded, never held for review; nothing is kept.
      detection: DETECTORS_IN_REQUEST_ONLY,
      holds: { prepare: () => ({ media: null, reviewItem: null }) },
    });
    const runner = new MonitorService({
      store: stores.monitors,
      jobs: stores.jobs,
      screening,
      // A folder's findings have no URL a platform hosts: this port is never reached here.
      notices: {
        noticeUrl: () => Promise.reject(new Error('a folder finding is never noticed')),
      },
      logger: createLogger('silent'),
      now,
      outbound,
      fetch: createOutboundFetch(outbound),
      maxBytes: 1 << 20,
    });
    app = appForTests(
      [monitorsFeature({ service: runner, store: stores.monitors, access: stores.access, now })],
      { access: stores.access },
    );
  });
  afterAll(async () => {
    await images.close();
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses settings that break a rule, naming the field', async () => {
    const create = (body: Record<string, unknown>) =>
      call('POST', '/v1/monitors', tokens.admin, body);
    expect(await create({ name: 'pages', kind: 'html' })).toEqual({
      status: 400,
      body: refusal('invalid_input', 'startUrls: a html monitor needs at least one'),
    });
    expect(await create({ name: 'dev', kind: 'folder', folder: 'relative/path' })).toEqual({
      status: 400,
      body: refusal('invalid_input', 'folder: an absolute path to an existing directory'),
    });
    expect(await create({ name: 'hook', kind: 'webhook', platform: 'kcsc' })).toEqual({
      status: 400,
      body: refusal('invalid_input', 'platform: the name of the platform whose uploads it screens'),
    });
    expect(await create({ name: 'x', kind: 'folder', folder, org: 'nobody' })).toEqual({
      status: 404,
      body: refusal('org_not_found', 'no organisation named "nobody"'),
    });
    const robots =
      'respectRobots: only a monitor run for a police organisation, with its authorisation named, may ignore robots.txt';
    expect(
      await create({
        name: 'r',
        kind: 'html',
        startUrls: ['http://93.184.216.34/'],
        respectRobots: false,
      }),
    ).toEqual({ status: 400, body: refusal('invalid_input', robots) });
    expect(
      await create({
        name: 'r',
        kind: 'html',
        org: 'knpa',
        startUrls: ['http://93.184.216.34/'],
        respectRobots: false,
      }),
    ).toEqual({ status: 400, body: refusal('invalid_input', robots) });
    const loopback = await create({ name: 'l', kind: 'html', startUrls: ['http://127.0.0.1/'] });
    expect(loopback.status).toBe(400);
    expect(loopback.body['error']).toMatchObject({ code: 'invalid_input' });
    expect((await stores.monitors.listMonitors()).length).toBe(0);
  });

  it('creates a folder monitor for the regulator, schedules its first run, and runs it', async () => {
    const created = await call('POST', '/v1/monitors', tokens.admin, {
      name: 'seized-device',
      kind: 'folder',
      folder,
      org: 'kcsc',
      intervalSeconds: 600,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'seized-device',
      kind: 'folder',
      status: 'active',
      intervalSeconds: 600,
      respectRobots: true,
      lastRunAt: null,
      detections: 0,
    });
    const id = created.body['id'] as number;
    const scheduled = await stores.jobs.list({ limit: 10 });
    expect(scheduled.map((j) => [j.kind, j.payload, j.dedupeKey])).toEqual([
      ['monitor.run', { monitorId: id }, `monitor:${id}:run`],
    ]);

    const ran = await call('POST', `/v1/monitors/${id}/run`, tokens.admin);
    expect(ran.status).toBe(200);
    expect(ran.body['lastRun']).toMatchObject({ media: 1, screened: 1, matches: 1, errors: 0 });
    expect(ran.body['detections']).toBe(1);

    const queue = await call('GET', '/v1/monitor-findings?status=unassigned', tokens.counsellor);
    expect(queue.status).toBe(200);
    expect(queue.body['findings']).toEqual([
      expect.objectContaining({
        monitorId: id,
        url: 'file:IMG_0001.jpg',
        verdict: 'block',
        noticeId: null,
        status: 'unassigned',
      }),
    ]);
    expect(Object.keys((queue.body['findings'] as object[])[0] ?? {})).not.toContain('pdq');
  });

  it('pauses and resumes once each, and says so when asked twice', async () => {
    const [monitor] = await stores.monitors.listMonitors();
    const id = monitor?.id ?? 0;
    expect((await call('POST', `/v1/monitors/${id}/pause`, tokens.admin)).body['status']).toBe(
      'paused',
    );
    expect(await call('POST', `/v1/monitors/${id}/pause`, tokens.admin)).toEqual({
      status: 409,
      body: refusal('invalid_transition', 'the monitor is already paused'),
    });
    expect((await call('POST', `/v1/monitors/${id}/resume`, tokens.admin)).body['status']).toBe(
      'active',
    );
    expect(await call('POST', '/v1/monitors/9999/pause', tokens.admin)).toEqual({
      status: 404,
      body: refusal('not_found', 'no monitor 9999'),
    });
  });

  it('lets analysts read the monitors but not change them', async () => {
    const listed = await call('GET', '/v1/monitors', tokens.analyst);
    expect(listed.status).toBe(200);
    expect((listed.body['monitors'] as Array<{ name: string }>).map((m) => m.name)).toEqual([
      'seized-device',
    ]);
    expect((await call('POST', '/v1/monitors/1/pause', tokens.analyst)).status).toBe(403);
    expect((await call('GET', '/v1/monitor-findings', tokens.analyst)).status).toBe(403);
  });

  it("takes a platform's upload reports only for its own webhook monitor", async () => {
    const report = { url: 'https://site.example/p/1.jpg', publishedAt: AT };
    expect(await call('POST', '/v1/monitor-events', platformKey, report)).toEqual({
      status: 404,
      body: refusal('not_found', 'no webhook monitor is set up for your platform'),
    });
    const hook = await call('POST', '/v1/monitors', tokens.admin, {
      name: 'site-uploads',
      kind: 'webhook',
      platform: 'site',
    });
    expect(hook.status).toBe(201);
    const accepted = await call('POST', '/v1/monitor-events', platformKey, report);
    expect(accepted.status).toBe(202);
    const pending = await stores.monitors.pendingEvents(hook.body['id'] as number, 10);
    expect(pending.map((e) => [e.id, e.url, e.publishedAt])).toEqual([
      [accepted.body['eventId'], report.url, AT],
    ]);
    expect((await call('POST', '/v1/monitor-events', otherPlatformKey, report)).status).toBe(404);
  });
});
