import { createHash } from 'node:crypto';
import { verifyAuditChain, type Org } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addPlatform, useStores, type TestStores } from './test-stores.js';

const T = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour)).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe.each(BACKENDS)('the notice store on $name', (backend) => {
  const current = useStores(backend);
  let stores: TestStores;
  let platform: Org;
  beforeEach(async () => {
    stores = current();
    platform = await addPlatform(stores, 'video-site', T(0));
  });

  const send = (url: string, deadlineHour = 24) =>
    stores.notices.createNotice(
      {
        platformOrgId: platform.id,
        caseId: null,
        screeningId: null,
        url,
        jurisdiction: 'KR',
        sentAt: T(0),
        deadlineAt: T(deadlineHour),
      },
      'user:7',
      (notice) => [
        { kind: 'notice.deadline', runAt: notice.deadlineAt, payload: { noticeId: notice.id } },
        { kind: 'notice.webhook', runAt: notice.sentAt, payload: { noticeId: notice.id } },
      ],
    );

  it('sends one open notice per platform and URL, with its follow-up jobs in the same change', async () => {
    const notice = await send('https://video.example/v/1');
    expect(notice).toMatchObject({
      platformOrgId: platform.id,
      url: 'https://video.example/v/1',
      state: 'sent',
      deadlineAt: T(24),
      removedAt: null,
      disputeReason: null,
      updatedAt: T(0),
    });
    expect(await send('https://video.example/v/1')).toBeNull(); // still open: no second notice
    expect(await stores.notices.getNotice(notice!.id)).toEqual(notice);
    const jobs = await stores.jobs.list({ limit: 10 });
    expect(jobs.map((j) => [j.kind, j.runAt, j.payload])).toEqual(
      expect.arrayContaining([
        ['notice.deadline', T(24), { noticeId: notice!.id }],
        ['notice.webhook', T(0), { noticeId: notice!.id }],
      ]),
    );
    expect(jobs).toHaveLength(2);
    expect(await stores.notices.listEvents(notice!.id)).toEqual([
      {
        noticeId: notice!.id,
        event: 'sent',
        fromState: null,
        toState: 'sent',
        at: T(0),
        actor: 'user:7',
        note: null,
      },
    ]);
  });

  it('moves state by compare-and-set, stamps removal, and a removed URL can be noticed again', async () => {
    const notice = (await send('https://video.example/v/2'))!;
    const acknowledged = await stores.notices.transition(
      notice.id,
      'sent',
      'acknowledged',
      'acknowledge',
      { at: T(1), actor: 'key:abc' },
    );
    expect([acknowledged?.state, acknowledged?.updatedAt]).toEqual(['acknowledged', T(1)]);
    // A second writer who still thinks it is `sent` loses.
    expect(
      await stores.notices.transition(notice.id, 'sent', 'disputed', 'dispute', {
        at: T(1),
        actor: 'key:abc',
        disputeReason: 'late',
      }),
    ).toBeNull();
    await stores.notices.transition(
      notice.id,
      'acknowledged',
      'removal_reported',
      'report_removed',
      {
        at: T(2),
        actor: 'key:abc',
        note: 'deleted by moderator',
      },
    );
    const removed = await stores.notices.transition(
      notice.id,
      'removal_reported',
      'removed',
      'verify_removed',
      { at: T(3), actor: 'system' },
    );
    expect([removed?.state, removed?.removedAt]).toEqual(['removed', T(3)]);
    await stores.notices.recordEvent({
      noticeId: notice.id,
      event: 'delivered',
      fromState: 'removed',
      toState: 'removed',
      at: T(4),
      actor: 'system',
      note: 'HTTP 204',
    });
    expect((await stores.notices.listEvents(notice.id)).map((e) => [e.event, e.note])).toEqual([
      ['sent', null],
      ['acknowledge', null],
      ['report_removed', 'deleted by moderator'],
      ['verify_removed', null],
      ['delivered', 'HTTP 204'],
    ]);
    const again = await send('https://video.example/v/2');
    expect(again?.id).not.toBe(notice.id);

    const audit = await stores.audit.list({ afterSeq: 0, limit: 100, objectType: 'notice' });
    expect(audit.map((a) => [a.action, a.objectId, a.details['event'] ?? null])).toEqual([
      ['notice.sent', String(notice.id), null],
      ['notice.transitioned', String(notice.id), 'acknowledge'],
      ['notice.transitioned', String(notice.id), 'report_removed'],
      ['notice.transitioned', String(notice.id), 'verify_removed'],
      ['notice.sent', String(again!.id), null],
    ]);
    const all = await stores.audit.list({ afterSeq: 0, limit: 100 });
    expect(verifyAuditChain(all, sha256)).toMatchObject({ ok: true, count: all.length });
  });

  it('keeps the dispute reason and lists by platform, state and deadline', async () => {
    const late = (await send('https://video.example/v/late', 48))!;
    const soon = (await send('https://video.example/v/soon', 12))!;
    const disputed = await stores.notices.transition(soon.id, 'sent', 'disputed', 'dispute', {
      at: T(1),
      actor: 'key:abc',
      disputeReason: 'the person consented',
    });
    expect(disputed?.disputeReason).toBe('the person consented');
    const list = (options: Parameters<TestStores['notices']['listNotices']>[0]) =>
      stores.notices.listNotices(options).then((ns) => ns.map((n) => n.id));
    expect(await list({ platformOrgId: platform.id, limit: 10 })).toEqual([soon.id, late.id]);
    expect(await list({ states: ['sent'], limit: 10 })).toEqual([late.id]);
    expect(await list({ states: ['disputed', 'sent'], limit: 1 })).toEqual([soon.id]);
    expect(await list({ platformOrgId: platform.id + 1, limit: 10 })).toEqual([]);
    expect(await stores.notices.getNotice(999_999)).toBeNull();
  });
});
