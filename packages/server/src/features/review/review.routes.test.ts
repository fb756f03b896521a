// The regulator's review through its routes, in process on the whole composed server: a disputed
// notice lands in the queue with what it rests on, a reviewer decides with a fitting reason, the
// platform appeals once, and the appeal goes to a different reviewer, whose decision is final.
import { createOrg, createUser, issueApiKey, setPlatformDomains } from '@haechi/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-05T09:00:00.000Z';
const PASSPHRASE = 'a reviewer passphrase';
type Body = Record<string, unknown>;

describe('review routes', () => {
  let harness: ServerForTests<{ siteKey: string; otherKey: string }>;
  const reviewers: string[] = [];
  let noticeId = 0;
  let itemId = 0;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    harness.call(method, path, token, body);

  beforeAll(async () => {
    harness = await serverForTests(async (stores) => {
      const keys: string[] = [];
      for (const name of ['site', 'other']) {
        const org = await createOrg(stores.access, {
          name,
          kind: 'platform',
          jurisdiction: 'KR',
          at: AT,
        });
        await setPlatformDomains(stores.access, org.id, [`${name}.example`], {
          at: AT,
          actor: 't',
        });
        keys.push(
          (await issueApiKey(stores.access, { orgId: org.id, label: 'k', createdBy: 't', at: AT }))
            .key,
        );
      }
      await createOrg(stores.access, {
        name: 'kcsc',
        kind: 'regulator',
        jurisdiction: 'KR',
        at: AT,
      });
      for (const n of [1, 2])
        await createUser(stores.access, {
          org: 'kcsc',
          email: `r${n}@kcsc.example`,
          displayName: `Reviewer ${n}`,
          role: 'reviewer',
          password: PASSPHRASE,
          at: AT,
        });
      return { siteKey: keys[0] ?? '', otherKey: keys[1] ?? '' };
    });
    for (const n of [1, 2]) reviewers.push(await harness.signIn(`r${n}@kcsc.example`, PASSPHRASE));
    const opened = await harness.call('POST', '/v1/cases', null, {
      passphrase: 'my own long passphrase',
      urls: ['https://site.example/p/9'],
    });
    noticeId = (opened.body['status'] as { notices: Array<{ id: number }> }).notices[0]?.id ?? 0;
    const disputed = await call('POST', `/v1/notices/${noticeId}/dispute`, harness.seeded.siteKey, {
      reason: 'a licensed photo of a consenting model',
    });
    expect(disputed.body['state']).toBe('disputed');
  });
  afterAll(() => harness?.close());

  it('queues the disputed notice with its dispute reason for reviewers only', async () => {
    const queue = await call('GET', '/v1/review', reviewers[0] ?? '');
    expect(queue.status).toBe(200);
    const items = queue.body['items'] as Body[];
    expect(items.map((i) => [i['kind'], i['noticeId'], i['status']])).toEqual([
      ['disputed_notice', noticeId, 'open'],
    ]);
    itemId = items[0]?.['id'] as number;
    const detail = await call('GET', `/v1/review/${itemId}`, reviewers[0] ?? '');
    expect(detail.body['notice']).toMatchObject({
      disputeReason: 'a licensed photo of a consenting model',
    });
    expect(detail.body['evidence']).toBeNull();
    expect((await call('GET', '/v1/review', harness.seeded.siteKey)).status).toBe(403);
  });

  it('takes a decision only with a reason that fits it, and only once', async () => {
    const reviewer = reviewers[0] ?? '';
    const path = `/v1/review/${itemId}/decide`;
    expect(
      await call('POST', path, reviewer, { decision: 'remove', reasonCode: 'consent_shown' }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message:
            'reasonCode: consent_shown does not go with remove; remove takes ncii, sexual_deepfake, csam',
        },
      },
    });
    const decided = await call('POST', path, reviewer, { decision: 'remove', reasonCode: 'ncii' });
    expect(decided.body).toMatchObject({
      status: 'decided',
      decision: 'remove',
      reasonCode: 'ncii',
    });
    // Upheld: the platform must take it down after all.
    const notice = await call('GET', `/v1/notices/${noticeId}`, harness.seeded.siteKey);
    expect(notice.body['state']).toBe('acknowledged');
    expect(
      await call('POST', path, reviewer, { decision: 'restore', reasonCode: 'not_intimate' }),
    ).toEqual({
      status: 409,
      body: {
        error: {
          code: 'invalid_transition',
          message: 'this item is already decided; the platform may appeal it once',
        },
      },
    });
  });

  it('lets the platform appeal once, to a different reviewer, whose decision is final', async () => {
    const path = `/v1/review/${itemId}/appeal`;
    const { siteKey, otherKey } = harness.seeded;
    expect(await call('POST', path, otherKey, { reason: 'not ours, but we disagree' })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no such review item' } },
    });
    const appealed = await call('POST', path, siteKey, { reason: 'the model signed a release' });
    expect(appealed.body).toMatchObject({ status: 'appealed' });
    expect((await call('POST', path, siteKey, { reason: 'again' })).status).toBe(409);

    const decide = `/v1/review/${itemId}/decide`;
    expect(
      await call('POST', decide, reviewers[0] ?? '', {
        decision: 'restore',
        reasonCode: 'consent_shown',
      }),
    ).toEqual({
      status: 403,
      body: {
        error: { code: 'forbidden', message: 'an appeal is decided by a different reviewer' },
      },
    });
    const final = await call('POST', decide, reviewers[1] ?? '', {
      decision: 'restore',
      reasonCode: 'consent_shown',
    });
    expect(final.body).toMatchObject({ status: 'final', decision: 'restore' });
    // Reversed on appeal: the acknowledged notice is withdrawn.
    const notice = await call('GET', `/v1/notices/${noticeId}`, siteKey);
    expect(notice.body['state']).toBe('withdrawn');
  });
});
