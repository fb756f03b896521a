import type { Org } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { addHeldScreenings, addPlatform, useStores, type TestStores } from './test-stores.js';

const T = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour)).toISOString();

describe.each(BACKENDS)('the review store on $name', (backend) => {
  const current = useStores(backend);
  let stores: TestStores;
  let platform: Org;
  beforeEach(async () => {
    stores = current();
    platform = await addPlatform(stores, 'photo-site', T(0));
    await addHeldScreenings(stores, platform, ['scr_held', 'scr_referred'], T(0));
  });

  const open = (screeningId: string, dueHour: number) =>
    stores.review.createItem(
      {
        kind: 'held_screening',
        platformOrgId: platform.id,
        screeningId,
        noticeId: null,
        dueAt: T(dueHour),
        createdAt: T(0),
      },
      'system',
    );

  it('opens one item per screening at a time and lists the queue by due time', async () => {
    const held = await open('scr_held', 24);
    expect(held).toMatchObject({
      kind: 'held_screening',
      status: 'open',
      decision: null,
      reasonCode: null,
      dueAt: T(24),
      createdAt: T(0),
      updatedAt: T(0),
    });
    expect(await open('scr_held', 30)).toBeNull();
    const referred = await open('scr_referred', 12);
    const ids = (options: Parameters<TestStores['review']['listItems']>[0]) =>
      stores.review.listItems(options).then((items) => items.map((i) => i.id));
    expect(await ids({ status: 'open', limit: 10 })).toEqual([referred!.id, held!.id]);
    expect(await ids({ screeningId: 'scr_held', limit: 10 })).toEqual([held!.id]);
    expect(await ids({ platformOrgId: platform.id + 1, limit: 10 })).toEqual([]);
    expect(await stores.review.getItem(held!.id)).toEqual(held);
  });

  it('decides, appeals and finalises by compare-and-set, each step audited', async () => {
    const item = (await open('scr_held', 24))!;
    const decided = await stores.review.update(
      item.id,
      'open',
      {
        status: 'decided',
        decision: 'remove',
        reasonCode: 'sexual_deepfake',
        decidedBy: 'user:3',
        decidedAt: T(2),
      },
      { at: T(2), actor: 'user:3' },
    );
    expect(decided).toMatchObject({
      status: 'decided',
      decision: 'remove',
      reasonCode: 'sexual_deepfake',
      decidedBy: 'user:3',
      decidedAt: T(2),
      updatedAt: T(2),
    });
    // A second reviewer deciding the same open item loses the race.
    expect(
      await stores.review.update(
        item.id,
        'open',
        { status: 'decided', decision: 'restore' },
        { at: T(2), actor: 'user:4' },
      ),
    ).toBeNull();
    const appealed = await stores.review.update(
      item.id,
      'decided',
      { status: 'appealed', appealReason: 'it is not me', appealedBy: 'key:abc' },
      { at: T(5), actor: 'key:abc' },
    );
    expect([appealed?.status, appealed?.appealReason]).toEqual(['appealed', 'it is not me']);
    // While appealed it is open again for this screening, so no second item can be opened.
    expect(await open('scr_held', 40)).toBeNull();
    const final = await stores.review.update(
      item.id,
      'appealed',
      { status: 'final', decision: 'remove', decidedBy: 'user:5', decidedAt: T(9) },
      { at: T(9), actor: 'user:5' },
    );
    expect([final?.status, final?.decidedBy, final?.appealedBy]).toEqual([
      'final',
      'user:5',
      'key:abc',
    ]);
    const audit = await stores.audit.list({
      afterSeq: 0,
      limit: 10,
      objectType: 'review',
      objectId: String(item.id),
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['review.opened', 'system'],
      ['review.updated', 'user:3'],
      ['review.updated', 'key:abc'],
      ['review.updated', 'user:5'],
    ]);
  });
});
