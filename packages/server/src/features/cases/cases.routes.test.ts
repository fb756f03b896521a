// A victim's case through its routes, in process (app.request()) on the whole composed server over a
// temporary embedded store: opening it herself or with a counsellor, her session, notices with the
// jurisdiction's deadline, notes, history, withdrawal, and what another center or case never sees.
import { createOrg, createUser, setPlatformDomains } from '@haechi/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a counsellor passphrase';
const HER_PASSPHRASE = 'my own long passphrase';
const HASH = { signalType: 'pdq', signal: 'f'.repeat(64) };

type Body = Record<string, unknown>;

describe('case routes', () => {
  let harness: ServerForTests<void>;
  const staff: Record<string, string> = {};
  let ownCase = { code: '', token: '' };
  let centerCase = '';
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    harness.call(method, path, token, body);
  const notFound = {
    status: 404,
    body: { error: { code: 'case_not_found', message: 'no such case' } },
  };

  beforeAll(async () => {
    harness = await serverForTests(async (stores) => {
      const site = await createOrg(stores.access, {
        name: 'site',
        kind: 'platform',
        jurisdiction: 'KR',
        at: AT,
      });
      await setPlatformDomains(stores.access, site.id, ['site.example'], { at: AT, actor: 't' });
      for (const center of ['dsc', 'other-center']) {
        await createOrg(stores.access, {
          name: center,
          kind: 'support_center',
          jurisdiction: 'KR',
          at: AT,
        });
        await createUser(stores.access, {
          org: center,
          email: `c@${center}.example`,
          displayName: center,
          role: 'counsellor',
          password: PASSPHRASE,
          at: AT,
        });
      }
    });
    for (const center of ['dsc', 'other-center'])
      staff[center] = await harness.signIn(`c@${center}.example`, PASSPHRASE);
  });
  afterAll(() => harness?.close());

  it('opens her own case: a notice per URL a platform hosts, with the 24-hour deadline', async () => {
    const opened = await call('POST', '/v1/cases', null, {
      passphrase: HER_PASSPHRASE,
      hashes: [HASH],
      urls: ['https://site.example/p/1', 'https://nobody-hosts.example/x'],
    });
    expect(opened.status).toBe(201);
    ownCase = { code: opened.body['code'] as string, token: opened.body['token'] as string };
    expect(ownCase.code).toMatch(/^HC-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(ownCase.token).toMatch(/^hv_/);
    expect(opened.body['unknownHosts']).toEqual(['nobody-hosts.example']);
    const status = opened.body['status'] as { notices: Body[]; hashes: number };
    expect(status.hashes).toBe(1);
    expect(status.notices).toHaveLength(1);
    const [notice] = status.notices;
    expect(notice).toMatchObject({ url: 'https://site.example/p/1', removedAt: null });
    const hours =
      (Date.parse(notice?.['deadlineAt'] as string) - Date.parse(notice?.['sentAt'] as string)) /
      3_600_000;
    expect(hours).toBe(24);
  });

  it("takes a picture's crop hashes with its PDQ, and refuses them on anything else", async () => {
    const derived = [{ crop: 'centre-90', signal: 'a'.repeat(64) }];
    const opened = await call('POST', '/v1/cases', null, {
      passphrase: HER_PASSPHRASE,
      hashes: [{ signalType: 'pdq', signal: 'c'.repeat(64), derived }],
    });
    expect(opened.status).toBe(201);
    expect((opened.body['status'] as { hashes: number }).hashes).toBe(1);
    const refused = await call('POST', '/v1/cases', null, {
      passphrase: HER_PASSPHRASE,
      hashes: [HASH, { signalType: 'md5', signal: 'b'.repeat(32), derived }],
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_hash',
          message: 'hashes[1]: only a pdq signal can have derived hashes, not md5',
        },
      },
    });
  });

  it('refuses a weak passphrase and a case with nothing in it', async () => {
    const weak = await call('POST', '/v1/cases', null, { passphrase: 'short', hashes: [HASH] });
    expect(weak.status).toBe(400);
    const empty = await call('POST', '/v1/cases', null, { passphrase: HER_PASSPHRASE });
    expect(empty).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'a case needs the hashes of her images, URLs, or both',
        },
      },
    });
  });

  it('lets her sign in again with the code and her passphrase, and shows her only her case', async () => {
    const session = await call('POST', '/v1/case-sessions', null, {
      code: ownCase.code,
      passphrase: HER_PASSPHRASE,
    });
    expect(session.status).toBe(200);
    const token = session.body['token'] as string;
    expect((await call('GET', `/v1/cases/${ownCase.code}`, token)).body['code']).toBe(ownCase.code);
    const wrong = await call('POST', '/v1/case-sessions', null, {
      code: ownCase.code,
      passphrase: 'not her passphrase at all',
    });
    expect(wrong.status).toBe(401);
    expect(await call('GET', '/v1/cases/HC-ZZZZ-ZZZZ', token)).toEqual(notFound);
    // Staff routes are not hers.
    expect((await call('GET', '/v1/cases', token)).status).toBe(403);
  });

  it("keeps a counsellor's case to her center: another center is told it does not exist", async () => {
    const opened = await call('POST', '/v1/cases', staff['dsc'] ?? '', {
      hashes: [{ signalType: 'pdq', signal: 'e'.repeat(64) }],
      urls: ['https://site.example/p/2'],
      contact: { phone: '+82 10 0000 0000' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body['token']).toBeUndefined();
    centerCase = opened.body['code'] as string;
    const listed = await call('GET', '/v1/cases', staff['dsc'] ?? '');
    expect((listed.body['cases'] as Body[]).map((c) => c['code'])).toEqual([centerCase]);
    expect((await call('GET', '/v1/cases', staff['other-center'] ?? '')).body['cases']).toEqual([]);
    expect(await call('GET', `/v1/cases/${centerCase}`, staff['other-center'] ?? '')).toEqual(
      notFound,
    );
    expect(await call('GET', `/v1/cases/${centerCase}`, ownCase.token)).toEqual(notFound);
  });

  it('keeps notes for counsellors, and the history from the audit log', async () => {
    const path = `/v1/cases/${centerCase}/notes`;
    const note = await call('POST', path, staff['dsc'] ?? '', { text: 'called her back at 14:00' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ text: 'called her back at 14:00', mine: true });
    expect((await call('GET', path, staff['dsc'] ?? '')).body['notes']).toEqual([note.body]);
    expect(await call('GET', path, staff['other-center'] ?? '')).toEqual(notFound);
    expect((await call('GET', `/v1/cases/${ownCase.code}/notes`, ownCase.token)).status).toBe(403);

    const timeline = await call('GET', `/v1/cases/${centerCase}/timeline`, staff['dsc'] ?? '');
    expect(timeline.status).toBe(200);
    const actions = (timeline.body['events'] as Body[]).map((e) => e['action']);
    expect(actions).toContain('case.opened');
    expect(actions).toContain('notice.sent');
    expect(JSON.stringify(timeline.body)).not.toContain('called her back');
  });

  it('withdraws her case at her word: its open notices are withdrawn with it', async () => {
    const withdrawn = await call('POST', `/v1/cases/${ownCase.code}/withdraw`, ownCase.token);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body['status']).toBe('withdrawn');
    const notices = withdrawn.body['notices'] as Body[];
    expect(notices.map((n) => [n['state'], n['closedBecause']])).toEqual([
      ['withdrawn', 'request_withdrawn'],
    ]);
  });
});
