import { randomBytes } from 'node:crypto';
import {
  AppError,
  digestOf,
  type AccessStore,
  type BankStore,
  type CaseStore,
  type EvidenceReason,
  type EvidenceRecord,
  type EvidenceStore,
  type Notice,
  type NoticeStore,
  type ReviewItem,
  type ReviewStore,
  type ScreeningRecord,
  type SealedMedia,
  type ScreeningStore,
} from '@haechi/core';
import { sha256Text } from '@haechi/store';
import type { Logger } from '../../logging/logger.js';
import {
  noticeEvidenceFacts,
  screeningEvidenceFacts,
  type NoticeWithEvents,
} from './evidence-facts.js';
import type { MediaVault } from './media-vault.js';
import type { RemovalEvidence } from '../notices/notice-ports.js';

export interface EvidenceServiceDeps {
  readonly evidence: EvidenceStore;
  readonly screenings: ScreeningStore;
  readonly notices: NoticeStore;
  readonly review: ReviewStore;
  readonly cases: CaseStore;
  readonly banks: BankStore;
  readonly access: AccessStore;
  readonly vault: MediaVault;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Keep held and referred uploads' bytes (sealed) until review, so a removal can preserve them. */
  readonly retainMedia: boolean;
  /** Uploads larger than this are not kept (the record then says so). */
  readonly maxRetainedBytes: number;
}

const newId = (prefix: string): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

/**
 * Preservation: when an item is confirmed its evidence record is fixed (once, never changed, its
 * digest in the audit chain), with the upload's bytes if they were kept. Bytes of uploads awaiting
 * review are kept sealed, and destroyed when the regulator restores the item.
 */
export class EvidenceService implements RemovalEvidence {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /** Keeps a held or referred upload's bytes, sealed, until its review ends. */
  /**
   * The upload's bytes sealed for keeping as evidence, to be stored with its screening record;
   * null when nothing is kept (retention off, not held for review, over the size limit).
   */
  sealForRetention(record: ScreeningRecord, bytes: Uint8Array): SealedMedia | null {
    if (!this.deps.retainMedia || record.status !== 'pending_review') return null;
    if (bytes.length > this.deps.maxRetainedBytes) {
      this.deps.logger.warn({
        msg: 'upload too large to retain as evidence',
        screening: record.id,
        bytes: bytes.length,
      });
      return null;
    }
    return this.deps.vault.seal(bytes, {
      id: newId('med'),
      screeningId: record.id,
      createdAt: this.deps.now().toISOString(),
    });
  }

  /** Keeps an upload's sealed bytes for a record stored already. */
  async retain(record: ScreeningRecord, bytes: Uint8Array): Promise<void> {
    const sealed = this.sealForRetention(record, bytes);
    if (sealed) await this.deps.evidence.saveMedia(sealed, 'system');
  }

  /**
   * The kept bytes of an upload, for a reviewer deciding it; every view is audited. Not found when
   * nothing was kept (hash-only screening, retention off, too large) or it was purged.
   */
  async viewRetained(
    screeningId: string,
    actor: string,
  ): Promise<{ bytes: Uint8Array; contentType: string }> {
    const media = await this.deps.evidence.getMediaOfScreening(screeningId);
    if (!media || media.purgedAt !== null)
      throw new AppError('not_found', 'no media was kept for this item');
    const bytes = this.deps.vault.open(media);
    await this.deps.evidence.recordMediaView(media, {
      at: this.deps.now().toISOString(),
      actor,
    });
    return { bytes, contentType: media.contentType };
  }

  /** The regulator restored the item: its kept bytes are destroyed (their digest stays). */
  async release(screeningId: string, actor: string): Promise<void> {
    const media = await this.deps.evidence.getMediaOfScreening(screeningId);
    if (!media || media.purgedAt !== null) return;
    if (await this.deps.evidence.getRecordOfSubject('screening', screeningId)) return;
    await this.deps.evidence.purgeMedia(media.id, {
      at: this.deps.now().toISOString(),
      actor,
      reason: 'restored by the regulator',
    });
  }

  /** Fixes the record of an upload the regulator ordered removed. */
  async fixForScreening(
    screeningId: string,
    review: ReviewItem | null,
    actor: string,
  ): Promise<EvidenceRecord | null> {
    const known = await this.deps.evidence.getRecordOfSubject('screening', screeningId);
    if (known) return known;
    const screening = await this.deps.screenings.getScreening(screeningId);
    if (!screening) return null;
    const media = await this.deps.evidence.getMediaOfScreening(screeningId);
    const fixedAt = this.deps.now().toISOString();
    const facts = screeningEvidenceFacts({
      platform: await this.platform(screening.orgId),
      screening,
      review,
      notices: await this.withEvents(
        await this.deps.notices.listNotices({ screeningId, limit: 1_000 }),
      ),
      media: media?.purgedAt === null ? media : null,
      fixedAt,
    });
    return this.fix({
      subjectType: 'screening',
      subjectId: screeningId,
      reason: 'review_remove',
      platformOrgId: screening.orgId,
      caseId: null,
      facts,
      mediaId: media?.purgedAt === null ? media.id : null,
      createdAt: fixedAt,
      createdBy: actor,
    });
  }

  /** The notices feature's port: a verified removal fixes the notice's record. */
  removalVerified(notice: Notice): Promise<EvidenceRecord | null> {
    return this.fixForNotice(notice.id, 'removal_verified', 'system');
  }

  /** Fixes the record of a notice whose removal was verified or whose dispute was rejected. */
  async fixForNotice(
    noticeId: number,
    reason: Extract<EvidenceReason, 'notice_upheld' | 'removal_verified'>,
    actor: string,
  ): Promise<EvidenceRecord | null> {
    const known = await this.deps.evidence.getRecordOfSubject('notice', String(noticeId));
    if (known) return known;
    const notice = await this.deps.notices.getNotice(noticeId);
    if (!notice) return null;
    const screening = notice.screeningId
      ? await this.deps.screenings.getScreening(notice.screeningId)
      : null;
    const media = notice.screeningId
      ? await this.deps.evidence.getMediaOfScreening(notice.screeningId)
      : null;
    const reviewItems = await this.deps.review.listItems({ noticeId, limit: 10 });
    const fixedAt = this.deps.now().toISOString();
    const [withEvents] = await this.withEvents([notice]);
    const facts = noticeEvidenceFacts({
      platform: await this.platform(notice.platformOrgId),
      notice: withEvents,
      caseHashes: notice.caseId === null ? [] : await this.caseHashes(notice.caseId),
      screening,
      review: reviewItems.at(-1) ?? null,
      media: media?.purgedAt === null ? media : null,
      fixedAt,
    });
    return this.fix({
      subjectType: 'notice',
      subjectId: String(noticeId),
      reason,
      platformOrgId: notice.platformOrgId,
      caseId: notice.caseId,
      facts,
      mediaId: media?.purgedAt === null ? media.id : null,
      createdAt: fixedAt,
      createdBy: actor,
    });
  }

  async list(options: { limit: number; before?: string }): Promise<EvidenceRecord[]> {
    return this.deps.evidence.listRecords(options);
  }

  async get(id: string): Promise<EvidenceRecord> {
    const record = await this.deps.evidence.getRecord(id);
    if (!record) throw new AppError('not_found', 'no such evidence record');
    return record;
  }

  async withEvents(notices: readonly Notice[]): Promise<NoticeWithEvents[]> {
    return Promise.all(
      notices.map(async (n) => ({ ...n, events: await this.deps.notices.listEvents(n.id) })),
    );
  }

  private async fix(
    input: Omit<EvidenceRecord, 'id' | 'factsDigest'>,
  ): Promise<EvidenceRecord | null> {
    const record: EvidenceRecord = {
      ...input,
      id: newId('ev'),
      factsDigest: digestOf(input.facts, sha256Text),
    };
    const created = await this.deps.evidence.createRecord(record);
    // Two confirmations at once: the first record stands.
    return created ?? this.deps.evidence.getRecordOfSubject(input.subjectType, input.subjectId);
  }

  private async platform(orgId: number): Promise<{ id: number; name: string }> {
    const org = await this.deps.access.getOrg(orgId);
    return { id: orgId, name: org?.name ?? `org ${orgId}` };
  }

  private async caseHashes(caseId: number): Promise<Array<{ signalType: string; signal: string }>> {
    const found = await this.deps.cases.getCase(caseId);
    if (!found) return [];
    const entries = await this.deps.banks.listEntries(found.bankId, {
      afterId: 0,
      limit: 10_000,
      includeWithdrawn: true,
    });
    return entries.map((e) => ({ signalType: e.signalType, signal: e.signal }));
  }
}
