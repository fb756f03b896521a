import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '@haechi/access';
import type { Notice } from '@haechi/core';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewQueue } from './review-queue.js';

const AT = '2026-12-05T09:00:00.000Z';
let dir: string;
let stores: EmbeddedStores;
let notices: Notice[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-review-queue-'));
  stores = openEmbeddedStores(dir);
  const platform = await createOrg(stores.access, {
    name: 'clips',
    kind: 'platform',
    jurisdiction: 'KR',
    at: AT,
  });
  notices = [];
  for (const n of [1, 2])
    notices.push(
      (await stores.notices.createNotice(
        {
          platformOrgId: platform.id,
          caseId: null,
          screeningId: null,
          url: `https://clips.example/v/${n}`,
          jurisdiction: 'KR',
          sentAt: AT,
          deadlineAt: '2026-12-06T09:00:00.000Z',
        },
        'system',
        () => [],
      )) as Notice,
    );
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReviewQueue, the escalation port notices declare', () => {
  it('puts a disputed and an overdue notice on the queue, each due by its own SLA', async () => {
    const queue = new ReviewQueue({ review: stores.review, now: () => new Date(AT) });
    const [first, second] = notices as [Notice, Notice];
    const disputed = await queue.escalateNotice(first, 'disputed_notice');
    expect(disputed).toMatchObject({
      kind: 'disputed_notice',
      noticeId: first.id,
      screeningId: null,
      platformOrgId: first.platformOrgId,
      status: 'open',
      createdAt: AT,
    });
    const overdue = await queue.escalateNotice(second, 'overdue_notice');
    expect([overdue?.kind, overdue?.noticeId]).toEqual(['overdue_notice', second.id]);
    const hoursUntilDue = (item: typeof disputed) =>
      (Date.parse(item!.dueAt) - Date.parse(AT)) / 3_600_000;
    // The SLAs of core's REVIEW_SLA_HOURS: a dispute in 72 hours, an overdue notice in 24.
    expect([hoursUntilDue(disputed), hoursUntilDue(overdue)]).toEqual([72, 24]);
    // One open item per notice: escalating it again while it waits adds nothing.
    expect(await queue.escalateNotice(first, 'overdue_notice')).toBeNull();
    const open = await stores.review.listItems({ status: 'open', limit: 10 });
    expect(open.map((i) => [i.kind, i.noticeId])).toEqual([
      ['overdue_notice', second.id],
      ['disputed_notice', first.id],
    ]);
  });
});
