import {
  computeTakedownMetrics,
  type AccessStore,
  type CaseStore,
  type NoticeStore,
  type ReviewItem,
  type ReviewStore,
  type TakedownMetrics,
} from '@haechi/core';

/** Reason codes as the legal ground a statement of reasons gives. */
const GROUNDS: Readonly<Record<string, string>> = {
  ncii: 'illegal content: non-consensual intimate imagery',
  sexual_deepfake: 'illegal content: sexual deepfake of a real person',
  csam: 'illegal content: child sexual abuse material',
  not_intimate: 'not intimate imagery',
  consent_shown: 'consent to publication shown',
  not_identifiable: 'the person is not identifiable',
  insufficient_evidence: 'insufficient evidence',
};

/** One decision in the shape of an EU DSA statement of reasons (Art. 17), without personal data. */
export interface StatementOfReasons {
  readonly decision_id: number;
  readonly decision_date: string;
  readonly platform: string;
  readonly decision_visibility: 'content removed' | 'no restriction';
  readonly decision_ground: string;
  readonly reason_code: string;
  readonly content_type: 'uploaded media' | 'published URL';
  readonly source_type: string;
  readonly automated_detection: boolean;
  readonly automated_decision: boolean;
  readonly territorial_scope: string;
  readonly appealed: boolean;
  readonly final: boolean;
  readonly redress: string;
}

const SOURCE: Readonly<Record<ReviewItem['kind'], string>> = {
  held_screening: 'upload screening: held',
  referred_screening: 'upload screening: referred',
  disputed_notice: 'removal notice disputed by the platform',
  overdue_notice: 'removal notice overdue',
};

/** The task force's view: aggregates and a transparency report, never content or identities. */
export class OversightService {
  constructor(
    private readonly deps: {
      notices: NoticeStore;
      review: ReviewStore;
      access: AccessStore;
      cases: CaseStore;
      now: () => Date;
    },
  ) {}

  async metrics(from: string, to: string): Promise<TakedownMetrics & { from: string; to: string }> {
    const [notices, reviewItems, orgs, cases] = await Promise.all([
      this.deps.notices.listNotices({ limit: 1_000_000 }),
      this.deps.review.listItems({ limit: 1_000_000 }),
      this.deps.access.listOrgs(),
      this.deps.cases.listCases({ limit: 1_000_000 }),
    ]);
    return {
      from,
      to,
      ...computeTakedownMetrics({
        notices,
        reviewItems,
        cases,
        platformNames: new Map(orgs.map((o) => [o.id, o.name])),
        from,
        to,
        now: this.deps.now().toISOString(),
      }),
    };
  }

  async statementsOfReasons(from: string, to: string): Promise<StatementOfReasons[]> {
    const [items, orgs] = await Promise.all([
      this.deps.review.listItems({ limit: 1_000_000 }),
      this.deps.access.listOrgs(),
    ]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    return items
      .filter(
        (i) =>
          i.decision !== null && i.decidedAt !== null && i.decidedAt >= from && i.decidedAt < to,
      )
      .sort((a, b) => (a.decidedAt as string).localeCompare(b.decidedAt as string) || a.id - b.id)
      .map((i) => ({
        decision_id: i.id,
        decision_date: i.decidedAt as string,
        platform: byId.get(i.platformOrgId)?.name ?? `org ${i.platformOrgId}`,
        decision_visibility: i.decision === 'remove' ? 'content removed' : 'no restriction',
        decision_ground: GROUNDS[i.reasonCode ?? ''] ?? i.reasonCode ?? '',
        reason_code: i.reasonCode ?? '',
        content_type: i.screeningId !== null ? 'uploaded media' : 'published URL',
        source_type: SOURCE[i.kind],
        automated_detection: i.screeningId !== null,
        automated_decision: false,
        territorial_scope: byId.get(i.platformOrgId)?.jurisdiction ?? '',
        appealed: i.appealReason !== null,
        final: i.status === 'final' || i.status === 'decided',
        redress: 'one appeal, decided by a different reviewer; then the courts',
      }));
  }
}

/** Statements as CSV (RFC 4180), one row each, header first. */
export function statementsToCsv(rows: readonly StatementOfReasons[]): string {
  const header = [
    'decision_id',
    'decision_date',
    'platform',
    'decision_visibility',
    'decision_ground',
    'reason_code',
    'content_type',
    'source_type',
    'automated_detection',
    'automated_decision',
    'territorial_scope',
    'appealed',
    'final',
    'redress',
  ] as const;
  const cell = (v: unknown) => {
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\r\n') +
    '\r\n'
  );
}
