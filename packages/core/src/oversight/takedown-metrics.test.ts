import { describe, expect, it } from 'vitest';
import type { Notice } from '../notices/notice-store.js';
import type { ReviewItem } from '../review/review-store.js';
import { computeTakedownMetrics, percentile } from './takedown-metrics.js';

const T = (h: number) => new Date(Date.UTC(2026, 10, 25, 9) + h * 3_600_000).toISOString();
const notice = (
  id: number,
  platform: number,
  sentH: number,
  removedH: number | null,
  state: Notice['state'] = removedH === null ? 'sent' : 'removed',
): Notice => ({
  id,
  platformOrgId: platform,
  caseId: 1,
  screeningId: null,
  url: `https://p${platform}.example/${id}`,
  state,
  jurisdiction: 'KR',
  sentAt: T(sentH),
  deadlineAt: T(sentH + 24),
  removedAt: removedH === null ? null : T(removedH),
  disputeReason: state === 'disputed' ? 'licensed' : null,
  updatedAt: T(sentH),
});
const item = (
  kind: ReviewItem['kind'],
  createdH: number,
  status: ReviewItem['status'],
  decision: ReviewItem['decision'] = null,
): ReviewItem => ({
  id: createdH,
  kind,
  platformOrgId: 1,
  screeningId: null,
  noticeId: 1,
  status,
  decision,
  reasonCode: null,
  decidedBy: null,
  decidedAt: null,
  appealReason: null,
  appealedBy: null,
  dueAt: T(createdH + 24),
  createdAt: T(createdH),
  updatedAt: T(createdH),
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect([
      percentile([1, 2, 3, 4], 0.5),
      percentile([1, 2, 3, 4], 0.9),
      percentile([], 0.5),
    ]).toEqual([2, 4, null]);
  });
});

describe('computeTakedownMetrics', () => {
  it('gives exact times, shares, compliance per platform and the review backlog', () => {
    const metrics = computeTakedownMetrics({
      notices: [
        notice(1, 1, 0, 2),
        notice(2, 1, 0, 30),
        notice(3, 2, 0, null, 'overdue'),
        notice(4, 3, 0, null, 'disputed'),
        notice(5, 2, 40, null),
        notice(6, 2, 100, 101),
      ],
      reviewItems: [
        item('disputed_notice', 1, 'decided', 'restore'),
        item('overdue_notice', 24, 'open'),
      ],
      cases: [
        { id: 1, centerOrgId: null, createdAt: T(0), withdrawnAt: null },
        { id: 2, centerOrgId: 7, createdAt: T(1), withdrawnAt: T(80) },
        { id: 3, centerOrgId: 7, createdAt: T(-5), withdrawnAt: T(3) },
      ],
      platformNames: new Map([
        [1, 'alpha'],
        [2, 'beta'],
        [3, 'gamma'],
      ]),
      from: T(0),
      to: T(72),
      now: T(50),
      // Exact times from any number of removals here; the suppression has a test of its own.
      minRemovalsForTimes: 1,
    });
    expect(metrics.notices).toEqual({
      sent: 5,
      removed: 2,
      removedWithinDeadline: 1,
      shareWithinDeadline: 0.25,
      overdueNow: 1,
      disputed: 1,
      hoursToRemoval: { p50: 2, p90: 30, p99: 30, max: 30 },
    });
    expect(metrics.platforms).toEqual([
      {
        platform: 'alpha',
        notices: 2,
        removed: 2,
        removedWithinDeadline: 1,
        shareWithinDeadline: 0.5,
        overdue: 0,
        medianHoursToRemoval: 2,
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
        platform: 'gamma',
        notices: 1,
        removed: 0,
        removedWithinDeadline: 0,
        shareWithinDeadline: 0,
        overdue: 0,
        medianHoursToRemoval: null,
      },
    ]);
    // Case 1 has notices 1–6, two of them removed: not all content is down yet.
    expect(metrics.cases).toEqual({
      opened: 2,
      selfService: 1,
      viaSupportCenter: 1,
      allContentRemoved: 0,
      withdrawn: 1,
    });
    expect(metrics.review).toEqual({
      opened: { disputed_notice: 1, overdue_notice: 1 },
      decided: { remove: 0, restore: 1 },
      appealed: 0,
      backlog: 1,
      backlogOverdue: 1,
      oldestBacklogHours: 26,
      backlogAge: [
        { fromHours: 0, toHours: 24, count: 0 },
        { fromHours: 24, toHours: 72, count: 1 },
        { fromHours: 72, toHours: 168, count: 0 },
        { fromHours: 168, toHours: null, count: 0 },
      ],
    });
    expect(metrics.removalHours.map((b) => [b.fromHours, b.toHours, b.count])).toEqual([
      [0, 1, 0],
      [1, 6, 1],
      [6, 12, 0],
      [12, 24, 0],
      [24, 48, 1],
      [48, null, 0],
    ]);
    // Notice 5 (27 Nov) is not yet due, so that day has no share; notice 6 is after the range.
    expect(metrics.series).toEqual({
      period: 'day',
      points: [
        { start: '2026-11-25', sent: 4, removedWithinDeadline: 1, shareWithinDeadline: 0.25 },
        { start: '2026-11-26', sent: 0, removedWithinDeadline: 0, shareWithinDeadline: null },
        { start: '2026-11-27', sent: 1, removedWithinDeadline: 0, shareWithinDeadline: null },
        { start: '2026-11-28', sent: 0, removedWithinDeadline: 0, shareWithinDeadline: null },
      ],
    });
  });

  it('gives a long range week by week', () => {
    const metrics = computeTakedownMetrics({
      notices: [notice(1, 1, 0, 2), notice(2, 1, 24 * 8, 24 * 8 + 1)],
      reviewItems: [],
      cases: [],
      platformNames: new Map(),
      from: '2026-11-01T00:00:00.000Z',
      to: '2027-03-01T00:00:00.000Z',
      now: T(24 * 30),
    });
    expect(metrics.series.period).toBe('week');
    expect(metrics.series.points).toHaveLength(18);
    expect(metrics.series.points.filter((p) => p.sent > 0)).toEqual([
      { start: '2026-11-22', sent: 1, removedWithinDeadline: 1, shareWithinDeadline: 1 },
      { start: '2026-11-29', sent: 1, removedWithinDeadline: 1, shareWithinDeadline: 1 },
    ]);
  });

  it('counts a case whose every notice is removed, and none without notices', () => {
    const metrics = computeTakedownMetrics({
      notices: [notice(1, 1, 0, 2), notice(2, 2, 0, 5)],
      reviewItems: [],
      cases: [
        { id: 1, centerOrgId: null, createdAt: T(0), withdrawnAt: null },
        { id: 2, centerOrgId: null, createdAt: T(0), withdrawnAt: null },
      ],
      platformNames: new Map(),
      from: T(0),
      to: T(72),
      now: T(50),
    });
    expect(metrics.cases).toMatchObject({ opened: 2, allContentRemoved: 1 });
    expect(metrics.platforms.map((p) => p.platform)).toEqual(['org 1', 'org 2']);
  });
});

describe('small cells', () => {
  const base = {
    reviewItems: [],
    cases: [],
    platformNames: new Map([[1, 'alpha']]),
    from: T(0),
    to: T(72),
    now: T(50),
  };
  it('gives no times to removal from fewer than three removals (they would be those notices’)', () => {
    const two = computeTakedownMetrics({
      ...base,
      notices: [notice(1, 1, 0, 2), notice(2, 1, 0, 5)],
    });
    expect(two.notices.hoursToRemoval).toEqual({ p50: null, p90: null, p99: null, max: null });
    expect(two.platforms[0]?.medianHoursToRemoval).toBeNull();
    // Counts stay: how many were removed is no single notice's time.
    expect(two.notices.removed).toBe(2);
    const three = computeTakedownMetrics({
      ...base,
      notices: [notice(1, 1, 0, 2), notice(2, 1, 0, 5), notice(3, 1, 0, 9)],
    });
    expect(three.notices.hoursToRemoval).toEqual({ p50: 5, p90: 9, p99: 9, max: 9 });
    expect(three.platforms[0]?.medianHoursToRemoval).toBe(5);
  });
});
