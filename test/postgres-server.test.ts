import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { createBank, importHashList } from '@haechi/banks';
import { AuditChainVerifier, type AuditEntry } from '@haechi/core';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openPostgresPool, openPostgresStores, sha256Text } from '@haechi/store';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson } from './support/json-api.js';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

const DATABASE_URL = process.env['DATABASE_URL'];
const schema = `haechi_e2e_${randomBytes(6).toString('hex')}`;
let dir: string;
let folder: string;
let server: RunningServer;
let photo: Buffer;
let key = '';
const AT = new Date().toISOString();
const PDQ_CONFIRMED = 'e1'.repeat(32);
const api = (method: string, path: string, token?: string, body?: unknown) =>
  callJson(server.url, method, path, token, body);
const login = async (email: string) =>
  (await api('POST', '/v1/auth/login', undefined, { email, password: 'a long test passphrase' }))
    .body['token'] as string;
const start = async () =>
  startServer(
    loadConfig({
      DATABASE_URL,
      HAECHI_DATABASE_SCHEMA: schema,
      HAECHI_DATA: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_DETECTORS: '',
      HAECHI_MASTER_KEY: '7'.repeat(64),
    }),
    { manualJobs: true },
  );

// The whole server on PostgreSQL: every store takes part, and the audit chain verifies.
describe.skipIf(!DATABASE_URL)('the server on PostgreSQL (DATABASE_URL)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-pg-'));
    folder = await mkdtemp(join(tmpdir(), 'haechi-pg-folder-'));
    const admin = openPostgresPool(DATABASE_URL as string);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const image = syntheticPhoto(400, 300, 31);
    photo = await sharp(image.data, { raw: { width: 400, height: 300, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    await writeFile(join(folder, 'seized.jpg'), photo);
    const pdq = formatHash256(computePdq(await decodeImage(new Uint8Array(photo))).hash);
    const stores = await openPostgresStores(DATABASE_URL as string, { schema });
    for (const [name, lines] of [
      ['confirmed', [PDQ_CONFIRMED]],
      ['suspected', [pdq]],
    ] as const) {
      await createBank(stores.banks, { name, createdBy: 'test', at: AT });
      await importHashList(stores.banks, {
        bank: name,
        lines,
        source: 'test',
        addedBy: 'test',
        at: AT,
      });
    }
    const alpha = await createOrg(stores.access, {
      name: 'alpha',
      kind: 'platform',
      jurisdiction: 'KR',
      at: AT,
    });
    await stores.access.setPlatformDomains(alpha.id, ['alpha.example'], { at: AT, actor: 'test' });
    key = (
      await issueApiKey(stores.access, { orgId: alpha.id, label: 'k', createdBy: 'test', at: AT })
    ).key;
    for (const [org, kind, role, email] of [
      ['dsc', 'support_center', 'counsellor', 'c@dsc.example'],
      ['kcsc', 'regulator', 'reviewer', 'r@kcsc.example'],
      ['ops', 'operator', 'admin', 'a@ops.example'],
    ] as const) {
      await createOrg(stores.access, { name: org, kind, jurisdiction: 'KR', at: AT });
      await createUser(stores.access, {
        org,
        email,
        displayName: role,
        role,
        password: 'a long test passphrase',
        at: AT,
      });
    }
    await stores.close();
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
    const admin = openPostgresPool(DATABASE_URL as string);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it('screens, holds for review, sends notices, keeps notes, runs a monitor, and survives a restart', async () => {
    // Screening: a confirmed hash is blocked; a suspected picture is held, its bytes kept sealed.
    const blocked = await api('POST', '/v1/screen', key, { hashes: { pdq: [PDQ_CONFIRMED] } });
    expect(blocked.body['verdict']).toBe('block');
    const held = await fetch(`${server.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(photo),
    });
    const heldBody = (await held.json()) as { id: string; verdict: string };
    expect(heldBody.verdict).toBe('hold');
    const reviewer = await login('r@kcsc.example');
    const queue = (await api('GET', '/v1/review', reviewer)).body['items'] as Array<{ id: number }>;
    expect(queue).toHaveLength(1);
    const media = await fetch(`${server.url}/v1/review/${queue[0].id}/media`, {
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(Buffer.from(await media.arrayBuffer()).equals(photo)).toBe(true);
    const decided = await api('POST', `/v1/review/${queue[0].id}/decide`, reviewer, {
      decision: 'remove',
      reasonCode: 'ncii',
    });
    expect(decided.status).toBe(200);
    expect((await api('GET', `/v1/screenings/${heldBody.id}`, key)).body['review']).toMatchObject({
      decision: 'remove',
    });

    // A counsellor's case: a notice to alpha with its jobs, a sealed note, the history.
    const counsellor = await login('c@dsc.example');
    const opened = await api('POST', '/v1/cases', counsellor, {
      urls: ['https://alpha.example/p/1'],
    });
    const code = opened.body['code'] as string;
    await api('POST', `/v1/cases/${code}/notes`, counsellor, { text: 'called her back' });
    const notices = (await api('GET', '/v1/notices', key)).body['notices'] as Array<{ id: number }>;
    expect(notices).toHaveLength(1);
    expect(
      (await api('POST', `/v1/notices/${notices[0].id}/acknowledge`, key, {})).body['state'],
    ).toBe('acknowledged');
    expect(await server.runDueJobs()).toBeGreaterThan(0);
    const history = (await api('GET', `/v1/cases/${code}/timeline`, counsellor)).body[
      'events'
    ] as Array<{ action: string }>;
    expect(history.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'case.opened',
        'case.note_added',
        'notice.sent',
        'notice.transitioned',
      ]),
    );

    // A monitor of a seized folder finds the held picture (its verdict is known by content).
    const adminToken = await login('a@ops.example');
    const monitor = await api('POST', '/v1/monitors', adminToken, {
      name: 'seized',
      kind: 'folder',
      folder,
    });
    const ran = await api('POST', `/v1/monitors/${monitor.body['id']}/run`, adminToken);
    expect(ran.body['lastRun']).toMatchObject({ media: 1, matches: 1, errors: 0 });
    expect(
      (await api('GET', '/v1/monitor-findings?status=unassigned', counsellor)).body['findings'],
    ).toHaveLength(1);
    expect(
      (
        await api(
          'GET',
          '/v1/metrics?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z',
          adminToken,
        )
      ).body['notices']['sent'],
    ).toBe(1);

    // After a restart everything is there, and the audit chain verifies from the first entry.
    await server.close();
    server = await start();
    expect(
      (await api('GET', `/v1/cases/${code}/notes`, await login('c@dsc.example'))).body['notes'],
    ).toEqual([expect.objectContaining({ text: 'called her back' })]);
    const stores = await openPostgresStores(DATABASE_URL as string, { schema });
    const entries: AuditEntry[] = await stores.audit.list({ afterSeq: 0, limit: 100_000 });
    await stores.close();
    const verifier = new AuditChainVerifier(sha256Text);
    expect(entries.every((e) => verifier.push(e))).toBe(true);
    // Nothing went to an embedded store.
    expect(existsSync(join(dir, 'haechi.db'))).toBe(false);
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'bank.entries_added',
        'screening.recorded',
        'media.retained',
        'media.viewed',
        'review.updated',
        'evidence.fixed',
        'case.opened',
        'notice.sent',
        'monitor.created',
        'monitor.found',
      ]),
    );
  });
});
