import {
  AppError,
  JURISDICTION_PROFILES,
  OPEN_NOTICE_STATES,
  findPlatformDomain,
  isJurisdiction,
  nextNoticeState,
  noticeDeadline,
  reminderTimes,
  type AccessStore,
  type CaseStore,
  type JobStore,
  type Notice,
  type NoticeEventRecord,
  type NoticeEvent,
  type NoticeState,
  type NoticeStore,
  type Principal,
} from '@haechi/core';
import type { BankMatcher } from '@haechi/banks';
import type { Logger } from '../../logging/logger.js';
import { hashMedia, type MediaLimits } from '../screening/hash-media.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';
import type { ImageHasher } from '../screening/image-hasher.js';
import type { UrlFetcher } from './fetch-url.js';
import type { NoticeEscalation, RemovalEvidence } from './notice-ports.js';
import { newJob, type ServerJob, type ServerJobHandlers } from '../../services/jobs/job-kinds.js';
import { matchHashedMedia } from '../screening/match-media.js';

export interface NoticeServiceDeps {
  readonly notices: NoticeStore;
  readonly cases: CaseStore;
  readonly access: AccessStore;
  /** Signs and sends notice events to the platform's webhook. */
  readonly webhooks: WebhookSender;
  readonly jobs: JobStore;
  readonly matcher: BankMatcher;
  readonly fetchUrl: UrlFetcher;
  readonly limits: MediaLimits;
  /** Decodes and hashes images in worker threads. */
  readonly images: ImageHasher;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Where a notice goes to the regulator (disputed, or overdue at its deadline). */
  readonly escalation: NoticeEscalation;
  /** Fixes the evidence record once a reported removal is verified. */
  readonly removalEvidence: RemovalEvidence;
  /** Hours before the deadline at which the platform is reminded (default 12 and 2). */
  readonly reminderOffsetsHours?: readonly number[];
}

/** What a platform may do to a notice, and the event it is. */
const PLATFORM_ACTIONS = {
  acknowledge: 'acknowledge',
  removed: 'report_removed',
  dispute: 'dispute',
} as const;
export type PlatformAction = keyof typeof PLATFORM_ACTIONS;

export const NOTICE_JOB_KINDS = [
  'notice.deadline',
  'notice.reminder',
  'notice.verify',
  'notice.deliver',
] as const;

/**
 * Notices to platforms and their clock: each is sent with the deadline of the platform's
 * jurisdiction, reminded before it, made overdue (escalated) at it, and closed only when a removal
 * is verified by fetching the URL again. All timed steps are durable jobs.
 */
export class NoticeService {
  constructor(private readonly deps: NoticeServiceDeps) {}

  /** Sends a notice for a URL to the platform that registered its domain; null for an unknown host. */
  async noticeUrl(input: {
    url: string;
    caseId?: number;
    screeningId?: string;
    actor: string;
  }): Promise<Notice | null> {
    const host = new URL(input.url).hostname;
    const domains = await this.deps.access.listPlatformDomains();
    const domain = findPlatformDomain(
      host,
      domains.map((d) => d.domain),
    );
    if (domain === undefined) return null;
    const platform = await this.deps.access.getOrg(
      (domains.find((d) => d.domain === domain) as { orgId: number }).orgId,
    );
    if (!platform) return null;
    const jurisdiction = isJurisdiction(platform.jurisdiction) ? platform.jurisdiction : 'KR';
    const sentAt = this.deps.now();
    const deadline = noticeDeadline(sentAt, JURISDICTION_PROFILES[jurisdiction].takedownHours);
    const at = sentAt.toISOString();
    // The notice's jobs are written with it (one transaction): a crash cannot leave it without its
    // deadline, its reminders or the platform's webhook.
    const notice = await this.deps.notices.createNotice(
      {
        platformOrgId: platform.id,
        caseId: input.caseId ?? null,
        screeningId: input.screeningId ?? null,
        url: input.url,
        jurisdiction,
        sentAt: at,
        deadlineAt: deadline.toISOString(),
      },
      input.actor,
      (created) => [
        newJob('notice.deliver', { runAt: at, payload: { noticeId: created.id, event: 'sent' } }),
        newJob('notice.deadline', {
          runAt: created.deadlineAt,
          payload: { noticeId: created.id },
          dedupeKey: `notice:${created.id}:deadline`,
        }),
        ...reminderTimes(sentAt, deadline, this.deps.reminderOffsetsHours ?? [12, 2]).map(
          (time, i) =>
            newJob('notice.reminder', {
              runAt: time.toISOString(),
              payload: { noticeId: created.id },
              dedupeKey: `notice:${created.id}:reminder:${i}`,
            }),
        ),
      ],
    );
    if (!notice) return null;
    return notice;
  }

  /** A platform acts on its own notice; another platform's notice does not exist for it. */
  async act(
    principal: Principal,
    noticeId: number,
    action: PlatformAction,
    reason?: string,
  ): Promise<Notice> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice || notice.platformOrgId !== principal.orgId)
      throw new AppError('not_found', 'no such notice');
    if (action === 'dispute' && (reason === undefined || reason.trim().length < 3))
      throw new AppError('invalid_input', 'a dispute needs a reason');
    const updated = await this.apply(notice, PLATFORM_ACTIONS[action], principal.actor, {
      ...(action === 'dispute' ? { disputeReason: (reason as string).trim() } : {}),
    });
    if (action === 'dispute') await this.deps.escalation.escalateNotice(updated, 'disputed_notice');
    if (action === 'removed') {
      await this.deps.jobs.schedule(
        newJob('notice.verify', {
          runAt: this.deps.now().toISOString(),
          payload: { noticeId },
          dedupeKey: `notice:${noticeId}:verify`,
        }),
        this.deps.now().toISOString(),
      );
    }
    return updated;
  }

  /** The regulator's ruling on a disputed notice: uphold (remove it) or reject the notice. */
  async rule(noticeId: number, ruling: 'uphold' | 'reject_notice', actor: string): Promise<Notice> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice) throw new AppError('not_found', 'no such notice');
    // An appeal may reverse an upheld notice after the platform acknowledged it: then it is withdrawn.
    const event = ruling === 'reject_notice' && notice.state !== 'disputed' ? 'withdraw' : ruling;
    return this.apply(notice, event, actor, {
      note:
        ruling === 'uphold'
          ? 'the regulator upheld the notice'
          : 'the regulator rejected the notice',
    });
  }

  /** Withdraws every notice of a case that is not closed (the victim withdrew it). */
  async withdrawForCase(caseId: number, actor: string): Promise<number> {
    return this.withdrawOpen(await this.deps.notices.listNotices({ caseId, limit: 10_000 }), actor);
  }

  /** A platform's own notices, soonest deadline first. */
  async listForPlatform(
    platformOrgId: number,
    query: { state?: NoticeState | undefined; limit: number },
  ): Promise<Notice[]> {
    return this.deps.notices.listNotices({
      platformOrgId,
      ...(query.state ? { states: [query.state] } : {}),
      limit: query.limit,
    });
  }

  /** One of a platform's own notices with its history; another platform's does not exist for it. */
  async forPlatform(
    platformOrgId: number,
    noticeId: number,
  ): Promise<{ notice: Notice; events: NoticeEventRecord[] }> {
    const found = await this.withHistory(noticeId);
    if (!found || found.notice.platformOrgId !== platformOrgId)
      throw new AppError('not_found', 'no such notice');
    return found;
  }

  /** A notice with its history, for the reviewer who decides its dispute or its lateness. */
  async withHistory(
    noticeId: number,
  ): Promise<{ notice: Notice; events: NoticeEventRecord[] } | null> {
    const notice = await this.deps.notices.getNotice(noticeId);
    return notice ? { notice, events: await this.deps.notices.listEvents(noticeId) } : null;
  }

  /** Withdraws the open notices sent for an upload (a reviewer restored it on appeal). */
  async withdrawForScreening(screeningId: string, actor: string): Promise<number> {
    return this.withdrawOpen(
      await this.deps.notices.listNotices({ screeningId, limit: 1_000 }),
      actor,
    );
  }

  /** Withdraws those of the notices still open, with their pending jobs; returns how many. */
  private async withdrawOpen(notices: readonly Notice[], actor: string): Promise<number> {
    let withdrawn = 0;
    for (const notice of notices) {
      if (notice.state === 'removed' || notice.state === 'withdrawn') continue;
      await this.apply(notice, 'withdraw', actor, {});
      await this.deps.jobs.cancelPending(`notice:${notice.id}:`, this.deps.now().toISOString());
      withdrawn++;
    }
    return withdrawn;
  }

  /** Job handlers, by kind. */
  handlers(): Pick<ServerJobHandlers, (typeof NOTICE_JOB_KINDS)[number]> {
    return {
      'notice.deadline': (job) => this.onDeadline(job.payload.noticeId),
      'notice.reminder': (job) => this.onReminder(job.payload.noticeId),
      'notice.verify': (job) => this.verify(job.payload.noticeId),
      'notice.deliver': (job) => this.deliver(job.payload.noticeId, job.payload.event),
    };
  }

  private async onDeadline(noticeId: number): Promise<void> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice) return;
    let overdue = notice;
    if (OPEN_NOTICE_STATES.has(notice.state)) {
      overdue = await this.apply(notice, 'deadline', 'system', {
        note: 'escalated to the regulator: the deadline passed',
      });
      this.deps.logger.warn({
        msg: 'notice overdue: escalated',
        notice: noticeId,
        platform: notice.platformOrgId,
      });
    } else if (notice.state !== 'overdue') {
      return;
    }
    // Also on a retry after the escalation failed: opening the review item is idempotent.
    await this.deps.escalation.escalateNotice(overdue, 'overdue_notice');
  }

  /**
   * Pushes a notice event to the platform's webhook, signed; a receiver that fails or times out
   * makes the job fail, and the job runner retries it with backoff until it goes to the dead letters
   * ({@link recordDeadDelivery}). Without a webhook URL the platform uses the pull API only.
   */
  private async deliver(noticeId: number, event: string): Promise<void> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice) return;
    const body = JSON.stringify({
      type: `notice.${event}`,
      notice: {
        id: notice.id,
        url: notice.url,
        state: notice.state,
        sentAt: notice.sentAt,
        deadlineAt: notice.deadlineAt,
        jurisdiction: notice.jurisdiction,
      },
    });
    if (!(await this.deps.webhooks.push(notice.platformOrgId, body))) return;
    await this.deps.notices.recordEvent({
      noticeId,
      event: 'delivered',
      fromState: notice.state,
      toState: notice.state,
      at: this.deps.now().toISOString(),
      actor: 'system',
      note: `notice.${event}`,
    });
  }

  /** Called by the job runner when a delivery has failed for good (the dead letter). */
  async recordDeadDelivery(job: ServerJob<'notice.deliver'>, error: string): Promise<void> {
    const notice = await this.deps.notices.getNotice(job.payload.noticeId);
    if (!notice) return;
    await this.deps.notices.recordEvent({
      noticeId: notice.id,
      event: 'delivery_failed',
      fromState: notice.state,
      toState: notice.state,
      at: this.deps.now().toISOString(),
      actor: 'system',
      note: `${job.payload.event}: ${error}`,
    });
  }

  private async announce(notice: Notice, event: string): Promise<void> {
    const at = this.deps.now().toISOString();
    await this.deps.jobs.schedule(
      newJob('notice.deliver', { runAt: at, payload: { noticeId: notice.id, event } }),
      at,
    );
  }

  private async onReminder(noticeId: number): Promise<void> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice || !OPEN_NOTICE_STATES.has(notice.state)) return;
    await this.deps.notices.recordEvent({
      noticeId,
      event: 'reminded',
      fromState: notice.state,
      toState: notice.state,
      at: this.deps.now().toISOString(),
      actor: 'system',
      note: `deadline ${notice.deadlineAt}`,
    });
  }

  /**
   * Verifies a reported removal: the URL answering 404 or 410, or no longer serving content that
   * matches the case's hashes (or, for a screening notice, any bank), closes the notice; the same
   * content still there reopens it. A network failure throws, so the job is retried.
   */
  private async verify(noticeId: number): Promise<void> {
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice || notice.state !== 'removal_reported') return;
    const fetched = await this.deps.fetchUrl(notice.url);
    let stillThere = false;
    let note: string;
    if (fetched.status === 404 || fetched.status === 410) {
      note = `the URL answers ${fetched.status}`;
    } else if (fetched.status === 200 && fetched.bytes) {
      stillThere = await this.matchesKnownContent(notice, fetched.bytes);
      note = stillThere
        ? 'the URL still serves matching content'
        : 'the URL no longer serves matching content';
    } else {
      throw new Error(`the URL answered ${fetched.status}; verification will be retried`);
    }
    const updated = await this.apply(
      notice,
      stillThere ? 'verify_failed' : 'verify_removed',
      'system',
      { note },
    );
    if (!stillThere) await this.deps.removalEvidence.removalVerified(updated);
  }

  private async matchesKnownContent(notice: Notice, bytes: Uint8Array): Promise<boolean> {
    let media;
    try {
      media = await hashMedia(bytes, this.deps.limits, this.deps.images);
    } catch {
      return false; // not an image or video any more: the content is gone
    }
    const banks = notice.caseId === null ? undefined : await this.caseBank(notice.caseId);
    // The same rule as screening an upload: what would be blocked there is still up here.
    return matchHashedMedia(this.deps.matcher, media, banks).length > 0;
  }

  /** The bank that holds a case's hashes: its notices are verified against those. */
  private async caseBank(caseId: number): Promise<ReadonlySet<number> | undefined> {
    const found = await this.deps.cases.getCase(caseId);
    return found ? new Set([found.bankId]) : undefined;
  }

  private async apply(
    notice: Notice,
    event: NoticeEvent,
    actor: string,
    meta: { note?: string; disputeReason?: string },
  ): Promise<Notice> {
    const to = nextNoticeState(notice.state, event);
    const updated = await this.deps.notices.transition(notice.id, notice.state, to, event, {
      at: this.deps.now().toISOString(),
      actor,
      ...meta,
    });
    if (!updated)
      throw new AppError('invalid_transition', 'the notice changed meanwhile; read it again');
    // The platform hears of every change the regulator or the system makes to its notice.
    if (!['acknowledge', 'report_removed', 'dispute'].includes(event))
      await this.announce(updated, updated.state);
    return updated;
  }
}
