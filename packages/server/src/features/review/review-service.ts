import {
  AppError,
  REASON_CODES_BY_DECISION,
  type AccessStore,
  type NewReviewItem,
  RESTORED_BANK,
  type BankStore,
  type JobStore,
  type Notice,
  type Principal,
  type ReviewItem,
  type ReviewReasonCode,
  type ReviewStore,
  type ScreeningRecord,
  type ScreeningStore,
} from '@haechi/core';
import { ensureBank, importHashList, withdrawSignals } from '@haechi/banks';
import type { NoticeService } from '../notices/notice-service.js';
import type { ReviewQueue } from './review-queue.js';
import { newJob, type ServerJobHandlers } from '../../services/jobs/job-kinds.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';
import { actorKindReader } from '../../services/actors/actor-kind.js';
import { HEX_SIGNAL_TYPES } from '@haechi/exchange';

export interface ReviewServiceDeps {
  readonly review: ReviewStore;
  readonly screenings: ScreeningStore;
  readonly banks: BankStore;
  readonly noticeService: NoticeService;
  /** Opens items (the queue notices escalate to). */
  readonly queue: ReviewQueue;
  /** Where decisions on uploads are queued for delivery to the platform's webhook. */
  readonly jobs: JobStore;
  /** Signs and sends outcomes to the platform's webhook. */
  readonly webhooks: WebhookSender;
  /** Tells who acted on a notice by kind (platform, victim, a role), for the reviewer. */
  readonly access: AccessStore;
  /** Fixes the evidence of what the regulator confirms, and releases what it restores. */
  readonly evidence: EvidenceService;
  readonly now: () => Date;
  /** The bank a `remove` decision adds the item's hashes to (created when missing). */
  readonly confirmedBank?: string;
}

export type ReviewQueueItem = ReviewItem & { readonly overdue: boolean };

/**
 * The regulator's queue: held and referred uploads, disputed and overdue notices. A reviewer decides
 * `remove` (the item's hashes go to the confirmed bank, so every platform blocks re-uploads; a
 * disputed notice is upheld) or `restore` (the hold is released; a disputed notice is withdrawn).
 * The platform may appeal a decision once; a different reviewer decides the appeal, finally.
 */
export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  /** The review item a held or referred upload needs (null for other verdicts), to store with it. */
  itemForScreening(record: ScreeningRecord): NewReviewItem | null {
    if (record.verdict !== 'hold' && record.verdict !== 'refer') return null;
    return this.deps.queue.newItem(
      record.verdict === 'hold' ? 'held_screening' : 'referred_screening',
      record.orgId,
      { screeningId: record.id },
    );
  }

  /** Open and appealed items, oldest deadline first, each saying whether its own SLA has passed. */
  async queue(limit = 100): Promise<ReviewQueueItem[]> {
    const now = this.deps.now().getTime();
    const items = [
      ...(await this.deps.review.listItems({ status: 'appealed', limit })),
      ...(await this.deps.review.listItems({ status: 'open', limit })),
    ].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return items
      .slice(0, limit)
      .map((item) => ({ ...item, overdue: Date.parse(item.dueAt) < now }));
  }

  /** The review items of one upload, oldest first. */
  /**
   * A stored screening and its latest review item, for the platform that screened it (another
   * platform's does not exist for it) or a reviewer.
   */
  async screeningFor(
    caller: Principal,
    screeningId: string,
  ): Promise<{ record: ScreeningRecord; item: ReviewItem | undefined }> {
    const record = await this.deps.screenings.getScreening(screeningId);
    if (!record || (caller.role === 'platform' && record.orgId !== caller.orgId))
      throw new AppError('not_found', 'no such screening');
    return { record, item: (await this.itemsOfScreening(record.id)).at(-1) };
  }

  /** The screening an item rests on: its own upload's, or the one its notice was sent for. */
  async screeningOfItem(
    item: ReviewItem,
    context: { screening: ScreeningRecord | null } | null,
  ): Promise<ScreeningRecord | null> {
    return item.screeningId
      ? this.deps.screenings.getScreening(item.screeningId)
      : (context?.screening ?? null);
  }

  async itemsOfScreening(screeningId: string): Promise<ReviewItem[]> {
    const items = await this.deps.review.listItems({ screeningId, limit: 20 });
    return items.sort((a, b) => a.id - b.id);
  }

  /**
   * What a reviewer needs to decide a notice's item: the notice (its URL, state, clock and the
   * platform's dispute reason), its history, what it rests on (a victim's report, a screened upload,
   * a monitor's finding) and, for an upload, the screening's evidence.
   */
  async noticeContext(item: ReviewItem): Promise<{
    notice: Notice;
    events: ReadonlyArray<{ event: string; at: string; actorKind: string; note: string | null }>;
    basis: 'victim_report' | 'screened_upload' | 'monitor_finding';
    screening: ScreeningRecord | null;
  } | null> {
    if (item.noticeId === null) return null;
    const found = await this.deps.noticeService.withHistory(item.noticeId);
    if (!found) return null;
    const { notice, events } = found;
    const kindOf = actorKindReader(this.deps.access);
    const screening = notice.screeningId
      ? await this.deps.screenings.getScreening(notice.screeningId)
      : null;
    return {
      notice,
      // Who did each step by kind only (platform, system, reviewer…), as the case history shows it.
      events: await Promise.all(
        events.map(async (e) => ({
          event: e.event,
          at: e.at,
          actorKind: await kindOf(e.actor),
          note: e.note,
        })),
      ),
      basis:
        notice.caseId !== null
          ? 'victim_report'
          : screening
            ? 'screened_upload'
            : 'monitor_finding',
      screening,
    };
  }

  async requireItem(id: number): Promise<ReviewItem> {
    const item = await this.deps.review.getItem(id);
    if (!item) throw new AppError('not_found', 'no such review item');
    return item;
  }

  async decide(
    reviewer: Principal,
    id: number,
    decision: 'remove' | 'restore',
    reasonCode: ReviewReasonCode,
  ): Promise<ReviewItem> {
    if (!REASON_CODES_BY_DECISION[decision].includes(reasonCode))
      throw new AppError(
        'invalid_input',
        `reasonCode: ${reasonCode} does not go with ${decision}; ${decision} takes ${REASON_CODES_BY_DECISION[decision].join(', ')}`,
      );
    const item = await this.requireItem(id);
    if (item.status === 'decided' || item.status === 'final')
      throw new AppError(
        'invalid_transition',
        'this item is already decided; the platform may appeal it once',
      );
    if (item.status === 'appealed' && item.decidedBy === reviewer.actor)
      throw new AppError('forbidden', 'an appeal is decided by a different reviewer');
    const at = this.deps.now().toISOString();
    const updated = await this.deps.review.update(
      id,
      item.status,
      {
        status: item.status === 'appealed' ? 'final' : 'decided',
        decision,
        reasonCode,
        decidedBy: reviewer.actor,
        decidedAt: at,
      },
      { at, actor: reviewer.actor },
    );
    if (!updated)
      throw new AppError('invalid_transition', 'the item changed meanwhile; read it again');
    // An appeal that confirms the first decision changes nothing more; one that reverses it acts.
    if (item.status !== 'appealed' || item.decision !== decision)
      await this.carryOut(updated, reviewer.actor);
    // The platform holding the upload hears the outcome: release it, or keep it down.
    if (updated.screeningId !== null) await this.deps.screenings.markReviewed(updated.screeningId);
    if (updated.screeningId !== null)
      await this.deps.jobs.schedule(
        newJob('review.deliver', {
          runAt: at,
          payload: { itemId: id, status: updated.status },
          dedupeKey: `review:${id}:deliver:${updated.status}`,
        }),
        at,
      );
    return updated;
  }

  /** Job handlers, by kind. */
  handlers(): Pick<ServerJobHandlers, 'review.deliver'> {
    return { 'review.deliver': (job) => this.deliverOutcome(job.payload.itemId) };
  }

  /** Pushes a decision on an upload to its platform's webhook (signed; retried by the job runner). */
  private async deliverOutcome(itemId: number): Promise<void> {
    const item = await this.deps.review.getItem(itemId);
    if (!item || item.screeningId === null || item.decision === null) return;
    const record = await this.deps.screenings.getScreening(item.screeningId);
    const body = JSON.stringify({
      type: 'screening.reviewed',
      screening: {
        id: item.screeningId,
        contentId: record?.contentId ?? null,
        verdict: record?.verdict ?? null,
        decision: item.decision,
        action: item.decision === 'restore' ? 'release' : 'keep_blocked',
        reasonCode: item.reasonCode,
        decidedAt: item.decidedAt,
        final: item.status === 'final',
      },
    });
    await this.deps.webhooks.push(item.platformOrgId, body);
  }

  async appeal(platform: Principal, id: number, reason: string): Promise<ReviewItem> {
    const item = await this.requireItem(id);
    if (item.platformOrgId !== platform.orgId)
      throw new AppError('not_found', 'no such review item');
    if (item.status !== 'decided')
      throw new AppError(
        'invalid_transition',
        item.status === 'open'
          ? 'only a decided item can be appealed'
          : 'a decision can be appealed only once',
      );
    if (reason.trim().length < 3) throw new AppError('invalid_input', 'an appeal needs a reason');
    const at = this.deps.now().toISOString();
    const updated = await this.deps.review.update(
      id,
      'decided',
      { status: 'appealed', appealReason: reason.trim(), appealedBy: platform.actor },
      { at, actor: platform.actor },
    );
    if (!updated)
      throw new AppError('invalid_transition', 'the item changed meanwhile; read it again');
    return updated;
  }

  private async carryOut(item: ReviewItem, actor: string): Promise<void> {
    const { evidence } = this.deps;
    if (item.noticeId !== null) {
      if (item.kind === 'disputed_notice')
        await this.deps.noticeService.rule(
          item.noticeId,
          item.decision === 'remove' ? 'uphold' : 'reject_notice',
          actor,
        );
      if (item.decision === 'remove')
        await evidence.fixForNotice(item.noticeId, 'notice_upheld', actor);
      return;
    }
    if (item.screeningId === null) return;
    const record = await this.deps.screenings.getScreening(item.screeningId);
    if (item.decision === 'restore') {
      await evidence.release(item.screeningId, actor);
      if (record) await this.restore(record, item, actor);
      return;
    }
    if (!record) return;
    await this.confirm(record, item, actor);
    await evidence.fixForScreening(record.id, item, actor);
  }

  /**
   * A restoration undoes everything a removal of the item did, everywhere: its hashes leave the
   * confirmed bank (no platform blocks it any more), notices sent for it are withdrawn, and its
   * hashes go to the `restored` allowlist, so the next upload of it is not held or referred again
   * (a later confirmed block still wins). Each step is in the audit log.
   */
  private async restore(record: ScreeningRecord, item: ReviewItem, actor: string): Promise<void> {
    const at = this.deps.now().toISOString();
    const signals = hashLines(record);
    const confirmed = this.deps.confirmedBank ?? 'confirmed';
    if (signals.length > 0 && (await this.deps.banks.getBankByName(confirmed)))
      await withdrawSignals(this.deps.banks, { bank: confirmed, signals, at, by: actor });
    await this.deps.noticeService.withdrawForScreening(record.id, actor);
    if (signals.length === 0) return;
    await ensureBank(this.deps.banks, {
      name: RESTORED_BANK,
      description: 'items reviewers restored: not held or referred again',
      createdBy: actor,
      at,
    });
    await importHashList(this.deps.banks, {
      bank: RESTORED_BANK,
      lines: signals.map((s) =>
        JSON.stringify({
          signal_type: s.signalType,
          signal: s.signal,
          labels: { reason: item.reasonCode ?? '', review: String(item.id) },
        }),
      ),
      parse: { format: 'jsonl' },
      source: `review ${item.id}`,
      addedBy: actor,
      at,
      skipInvalid: true,
    });
  }

  /** Adds a confirmed item's hashes to the confirmed bank: every platform now blocks re-uploads. */
  private async confirm(record: ScreeningRecord, item: ReviewItem, actor: string): Promise<void> {
    const name = this.deps.confirmedBank ?? 'confirmed';
    const at = this.deps.now().toISOString();
    await ensureBank(this.deps.banks, {
      name,
      description: 'items the regulator confirmed',
      createdBy: actor,
      at,
    });
    const lines = hashLines(record).map((s) =>
      JSON.stringify({
        signal_type: s.signalType,
        signal: s.signal,
        labels: { reason: item.reasonCode ?? '', review: String(item.id) },
        ...(s.derived ? { derived: s.derived } : {}),
      }),
    );
    if (lines.length > 0)
      await importHashList(this.deps.banks, {
        bank: name,
        lines,
        parse: { format: 'jsonl' },
        source: `review ${item.id}`,
        addedBy: actor,
        at,
        skipInvalid: true,
      });
    if (record.url)
      await this.deps.noticeService.noticeUrl({ url: record.url, screeningId: record.id, actor });
  }
}

/** The hashes a screening recorded of its upload (PDQ, MD5, SHA-256). */
function hashLines(record: ScreeningRecord): Array<{
  signalType: string;
  signal: string;
  derived?: ReadonlyArray<{ crop: string; signal: string }>;
}> {
  const hashes = record.evidence.hashes ?? {};
  return HEX_SIGNAL_TYPES.flatMap((type) => {
    const signal = hashes[type];
    if (typeof signal !== 'string') return [];
    // A held image's crops, hashed when it was screened, are enrolled with its PDQ.
    return type === 'pdq' && hashes.crops?.length
      ? [{ signalType: type, signal, derived: hashes.crops }]
      : [{ signalType: type, signal }];
  });
}
