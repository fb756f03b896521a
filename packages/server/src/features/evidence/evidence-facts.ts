import type {
  Notice,
  NoticeEventRecord,
  ReviewItem,
  ScreeningRecord,
  SealedMedia,
} from '@haechi/core';

/** A notice with its history: the platform's responses and what Haechi did. */
export type NoticeWithEvents = Notice & { readonly events: readonly NoticeEventRecord[] };

const reviewFacts = (item: ReviewItem) => ({
  id: item.id,
  kind: item.kind,
  openedAt: item.createdAt,
  decision: item.decision,
  reasonCode: item.reasonCode,
  decidedBy: item.decidedBy,
  decidedAt: item.decidedAt,
  appealReason: item.appealReason,
  status: item.status,
});

const noticeFacts = (notice: NoticeWithEvents) => ({
  id: notice.id,
  url: notice.url,
  jurisdiction: notice.jurisdiction,
  state: notice.state,
  sentAt: notice.sentAt,
  deadlineAt: notice.deadlineAt,
  removedAt: notice.removedAt,
  disputeReason: notice.disputeReason,
  events: notice.events.map((e) => ({
    event: e.event,
    from: e.fromState,
    to: e.toState,
    at: e.at,
    actor: e.actor,
    note: e.note,
  })),
});

const screeningFacts = (record: ScreeningRecord) => ({
  id: record.id,
  screenedAt: record.createdAt,
  contentId: record.contentId,
  url: record.url,
  mediaKind: record.mediaKind,
  verdict: record.verdict,
  hashes: record.evidence.hashes ?? null,
  matches: record.evidence.matches ?? [],
  detectorOutputs: record.evidence.scores ?? [],
  policyReasons: record.evidence.reasons ?? [],
  jurisdiction: record.evidence.jurisdiction ?? null,
});

const mediaFacts = (media: SealedMedia | null) =>
  media === null
    ? null
    : { sha256: media.sha256, contentType: media.contentType, size: media.size };

/**
 * The facts of a confirmed upload: hashes, matches, detector outputs, the policy's reasons, the
 * decision, the notices so far, and the digest of the preserved bytes. No personal data.
 */
export function screeningEvidenceFacts(input: {
  readonly platform: { readonly id: number; readonly name: string };
  readonly screening: ScreeningRecord;
  readonly review: ReviewItem | null;
  readonly notices: readonly NoticeWithEvents[];
  readonly media: SealedMedia | null;
  readonly fixedAt: string;
}): Record<string, unknown> {
  return {
    subject: { type: 'screening', id: input.screening.id },
    platform: input.platform,
    screening: screeningFacts(input.screening),
    review: input.review === null ? null : reviewFacts(input.review),
    notices: input.notices.map(noticeFacts),
    media: mediaFacts(input.media),
    fixedAt: input.fixedAt,
  };
}

/**
 * The facts of a notice whose content was confirmed (its removal verified, or a dispute upheld):
 * the URL and its timeline with the platform's responses, the case's hashes (never who she is),
 * the screening behind it if any.
 */
export function noticeEvidenceFacts(input: {
  readonly platform: { readonly id: number; readonly name: string };
  readonly notice: NoticeWithEvents;
  readonly caseHashes: ReadonlyArray<{ readonly signalType: string; readonly signal: string }>;
  readonly screening: ScreeningRecord | null;
  readonly review: ReviewItem | null;
  readonly media: SealedMedia | null;
  readonly fixedAt: string;
}): Record<string, unknown> {
  return {
    subject: { type: 'notice', id: input.notice.id },
    platform: input.platform,
    notice: noticeFacts(input.notice),
    case:
      input.notice.caseId === null
        ? null
        : { id: input.notice.caseId, hashes: input.caseHashes.map((h) => ({ ...h })) },
    screening: input.screening === null ? null : screeningFacts(input.screening),
    review: input.review === null ? null : reviewFacts(input.review),
    media: mediaFacts(input.media),
    fixedAt: input.fixedAt,
  };
}
