import type { Notice } from '../notices/notice-store.js';
import type { ReviewItem } from '../review/review-store.js';
import type { Case } from '../cases/case-store.js';

/** Nearest-rank percentile of sorted values (p in 0…1); null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

const hoursBetween = (from: string, to: string): number =>
  (Date.parse(to) - Date.parse(from)) / 3_600_000;
const round2 = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);

export interface ComplianceRow {
  readonly platform: string;
  readonly notices: number;
  readonly removed: number;
  readonly removedWithinDeadline: number;
  /** removed within the deadline ÷ notices whose outcome is known (removed, or past the deadline). */
  readonly shareWithinDeadline: number | null;
  readonly overdue: number;
  readonly medianHoursToRemoval: number | null;
}

export interface TakedownMetrics {
  readonly notices: {
    readonly sent: number;
    readonly removed: number;
    readonly removedWithinDeadline: number;
    readonly shareWithinDeadline: number | null;
    readonly overdueNow: number;
    readonly disputed: number;
    readonly hoursToRemoval: {
      readonly p50: number | null;
      readonly p90: number | null;
      readonly p99: number | null;
      readonly max: number | null;
    };
  };
  readonly platforms: readonly ComplianceRow[];
  /** Victim support: requests opened in the range, by whom, and how they ended. */
  readonly cases: {
    readonly opened: number;
    readonly selfService: number;
    readonly viaSupportCenter: number;
    /** Opened in the range and every notice of them now removed (at least one). */
    readonly allContentRemoved: number;
    readonly withdrawn: number;
  };
  readonly review: {
    readonly opened: Readonly<Record<string, number>>;
    readonly decided: { readonly remove: number; readonly restore: number };
    readonly appealed: number;
    readonly backlog: number;
    readonly backlogOverdue: number;
    readonly oldestBacklogHours: number | null;
    /** Open items by how long they have waited (BACKLOG_AGE_BUCKETS). */
    readonly backlogAge: readonly Bucket[];
  };
  /** Removed notices by hours from notice to removal (REMOVAL_HOURS_BUCKETS). */
  readonly removalHours: readonly Bucket[];
  /** Notices per period of the range (days, or weeks for ranges over 92 days). */
  readonly series: {
    readonly period: 'day' | 'week';
    readonly points: readonly SeriesPoint[];
  };
}

/** A count in [from, to) hours (to null: no upper bound). */
export interface Bucket {
  readonly fromHours: number;
  readonly toHours: number | null;
  readonly count: number;
}

export interface SeriesPoint {
  /** The first day of the period (UTC, YYYY-MM-DD). */
  readonly start: string;
  readonly sent: number;
  readonly removedWithinDeadline: number;
  /** As ComplianceRow.shareWithinDeadline, for the notices sent in this period. */
  readonly shareWithinDeadline: number | null;
}

/** Edges chosen around the deadlines that matter: 24 h (KR, AU, EU) and 48 h (US). */
export const REMOVAL_HOURS_BUCKETS = [0, 1, 6, 12, 24, 48] as const;
export const BACKLOG_AGE_BUCKETS = [0, 24, 72, 168] as const;
/** Longest range given day by day; longer ranges are given by week. */
const DAILY_SERIES_MAX_DAYS = 92;
const DAY_MS = 86_400_000;

function bucketise(values: readonly number[], edges: readonly number[]): Bucket[] {
  return edges.map((from, i) => {
    const to = edges[i + 1] ?? null;
    return {
      fromHours: from,
      toHours: to,
      count: values.filter((v) => v >= from && (to === null || v < to)).length,
    };
  });
}

/** The smallest number of removals whose times the metrics give (small-cell suppression). */
export const MIN_REMOVALS_FOR_TIMES = 3;

/**
 * The task force's numbers for notices sent and review items opened in [from, to): time to removal,
 * the share removed within the deadline, compliance per platform, victim support, referrals and
 * outcomes, backlog.
 * Aggregates only: no URL, no case, no person. Pure, so the dashboard's figures are testable exactly.
 */
export function computeTakedownMetrics(input: {
  readonly notices: readonly Notice[];
  readonly reviewItems: readonly ReviewItem[];
  readonly cases: readonly Pick<Case, 'id' | 'centerOrgId' | 'createdAt' | 'withdrawnAt'>[];
  readonly platformNames: ReadonlyMap<number, string>;
  readonly from: string;
  readonly to: string;
  readonly now: string;
  /**
   * Times to removal are given only from this many removals up (fewer: null). One or two removals'
   * times would be those notices' own: an aggregate over a small cell points at the notice.
   */
  readonly minRemovalsForTimes?: number;
}): TakedownMetrics {
  const minTimes = input.minRemovalsForTimes ?? MIN_REMOVALS_FOR_TIMES;
  const times = (hours: readonly number[], q: number) =>
    hours.length < minTimes ? null : round2(percentile(hours, q));
  const inRange = (t: string) => t >= input.from && t < input.to;
  const notices = input.notices.filter((n) => inRange(n.sentAt));
  const known = (n: Notice) => n.removedAt !== null || n.deadlineAt <= input.now;
  const withinDeadline = (n: Notice) => n.removedAt !== null && n.removedAt <= n.deadlineAt;
  const summarise = (list: readonly Notice[]) => {
    const removed = list.filter((n) => n.removedAt !== null);
    const hours = removed
      .map((n) => hoursBetween(n.sentAt, n.removedAt as string))
      .sort((a, b) => a - b);
    const decided = list.filter(known);
    return {
      removed,
      hours,
      within: list.filter(withinDeadline).length,
      share:
        decided.length === 0 ? null : round2(list.filter(withinDeadline).length / decided.length),
      overdue: list.filter((n) => n.state === 'overdue').length,
    };
  };
  const all = summarise(notices);
  const byPlatform = new Map<number, Notice[]>();
  for (const n of notices)
    byPlatform.set(n.platformOrgId, [...(byPlatform.get(n.platformOrgId) ?? []), n]);
  const platforms = [...byPlatform.entries()]
    .map(([orgId, list]): ComplianceRow => {
      const s = summarise(list);
      return {
        platform: input.platformNames.get(orgId) ?? `org ${orgId}`,
        notices: list.length,
        removed: s.removed.length,
        removedWithinDeadline: s.within,
        shareWithinDeadline: s.share,
        overdue: s.overdue,
        medianHoursToRemoval: times(s.hours, 0.5),
      };
    })
    .sort((a, b) => a.platform.localeCompare(b.platform));

  const cases = input.cases.filter((c) => inRange(c.createdAt));
  const noticesOfCase = new Map<number, Notice[]>();
  for (const n of input.notices)
    if (n.caseId !== null) noticesOfCase.set(n.caseId, [...(noticesOfCase.get(n.caseId) ?? []), n]);
  const allRemoved = (id: number) => {
    const list = noticesOfCase.get(id) ?? [];
    return list.length > 0 && list.every((n) => n.state === 'removed');
  };

  const items = input.reviewItems.filter((i) => inRange(i.createdAt));
  const opened: Record<string, number> = {};
  for (const i of items) opened[i.kind] = (opened[i.kind] ?? 0) + 1;
  const backlog = input.reviewItems.filter((i) => i.status === 'open' || i.status === 'appealed');
  const waits = backlog.map((i) => hoursBetween(i.createdAt, input.now)).sort((a, b) => b - a);
  const oldest = waits[0];

  const fromMs = Date.parse(`${input.from.slice(0, 10)}T00:00:00Z`);
  const days = Math.ceil((Date.parse(input.to) - fromMs) / DAY_MS);
  const period = days > DAILY_SERIES_MAX_DAYS ? 'week' : 'day';
  const step = period === 'week' ? 7 * DAY_MS : DAY_MS;
  const points: SeriesPoint[] = [];
  for (let start = fromMs; start < Date.parse(input.to); start += step) {
    const lo = new Date(start).toISOString();
    const hi = new Date(start + step).toISOString();
    const sent = notices.filter((n) => n.sentAt >= lo && n.sentAt < hi);
    const s = summarise(sent);
    points.push({
      start: lo.slice(0, 10),
      sent: sent.length,
      removedWithinDeadline: s.within,
      shareWithinDeadline: s.share,
    });
  }
  return {
    notices: {
      sent: notices.length,
      removed: all.removed.length,
      removedWithinDeadline: all.within,
      shareWithinDeadline: all.share,
      overdueNow: all.overdue,
      disputed: notices.filter((n) => n.disputeReason !== null).length,
      hoursToRemoval: {
        p50: times(all.hours, 0.5),
        p90: times(all.hours, 0.9),
        p99: times(all.hours, 0.99),
        max: all.hours.length < minTimes ? null : round2(all.hours.at(-1) ?? null),
      },
    },
    platforms,
    cases: {
      opened: cases.length,
      selfService: cases.filter((c) => c.centerOrgId === null).length,
      viaSupportCenter: cases.filter((c) => c.centerOrgId !== null).length,
      allContentRemoved: cases.filter((c) => allRemoved(c.id)).length,
      withdrawn: input.cases.filter((c) => c.withdrawnAt !== null && inRange(c.withdrawnAt)).length,
    },
    review: {
      opened,
      decided: {
        remove: items.filter((i) => i.decision === 'remove').length,
        restore: items.filter((i) => i.decision === 'restore').length,
      },
      appealed: items.filter((i) => i.appealReason !== null).length,
      backlog: backlog.length,
      backlogOverdue: backlog.filter((i) => i.dueAt < input.now).length,
      oldestBacklogHours: round2(oldest ?? null),
      backlogAge: bucketise(waits, BACKLOG_AGE_BUCKETS),
    },
    removalHours: bucketise(all.hours, REMOVAL_HOURS_BUCKETS),
    series: { period, points },
  };
}
