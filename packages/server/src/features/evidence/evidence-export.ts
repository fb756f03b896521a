import {
  writeEvidenceBundle,
  type BundleManifest,
  type EvidenceSigningKey,
} from '@haechi/evidence';
import type {
  AuditEntry,
  AuditStore,
  EvidenceRecord,
  EvidenceStore,
  NoticeStore,
  ReviewStore,
} from '@haechi/core';
import type { EvidenceService } from './evidence-service.js';
import type { MediaVault } from './media-vault.js';

export interface EvidenceExportDeps {
  readonly service: EvidenceService;
  readonly evidence: EvidenceStore;
  readonly notices: NoticeStore;
  readonly review: ReviewStore;
  readonly audit: AuditStore;
  readonly vault: MediaVault;
  readonly signingKey: EvidenceSigningKey;
  readonly now: () => Date;
}

/**
 * Investigators' export: a signed zip of a record, the notices about its item as they stand, the
 * audit entries that concern it, and (when asked) the preserved media, decrypted. Each export is
 * itself audited, with the digest of the manifest handed out.
 */
export class EvidenceExporter {
  constructor(private readonly deps: EvidenceExportDeps) {}

  async export(
    id: string,
    options: { actor: string; withMedia: boolean },
  ): Promise<{ zip: Uint8Array; manifest: BundleManifest }> {
    const record = await this.deps.service.get(id);
    const notices = await this.deps.service.withEvents(
      record.subjectType === 'screening'
        ? await this.deps.notices.listNotices({ screeningId: record.subjectId, limit: 1_000 })
        : [await this.deps.notices.getNotice(Number(record.subjectId))].flatMap((n) =>
            n ? [n] : [],
          ),
    );
    const media =
      options.withMedia && record.mediaId !== null
        ? await this.deps.evidence.getMedia(record.mediaId)
        : null;
    const head = await this.deps.audit.head();
    const exportedAt = this.deps.now().toISOString();
    const { zip, manifest, manifestDigest } = writeEvidenceBundle(
      {
        record,
        notices,
        auditEntries: await this.auditTrail(
          record,
          notices.map((n) => n.id),
        ),
        auditHead: head ? { seq: head.seq, hash: head.hash } : null,
        media: media
          ? { bytes: this.deps.vault.open(media), contentType: media.contentType }
          : undefined,
        exportedAt,
        exportedBy: options.actor,
      },
      this.deps.signingKey,
    );
    await this.deps.evidence.recordExport(id, {
      at: exportedAt,
      actor: options.actor,
      manifestDigest,
      withMedia: media !== null,
    });
    return { zip, manifest };
  }

  /** The entries about the record, its subject, the notices, the review items and the case. */
  private async auditTrail(record: EvidenceRecord, noticeIds: number[]): Promise<AuditEntry[]> {
    const reviewItems =
      record.subjectType === 'screening'
        ? await this.deps.review.listItems({ screeningId: record.subjectId, limit: 100 })
        : await this.deps.review.listItems({ noticeId: Number(record.subjectId), limit: 100 });
    const objects: Array<[string, string]> = [
      ['evidence', record.id],
      [record.subjectType, record.subjectId],
      ...noticeIds.map((n): [string, string] => ['notice', String(n)]),
      ...reviewItems.map((i): [string, string] => ['review', String(i.id)]),
      ...(record.caseId === null ? [] : [['case', String(record.caseId)] as [string, string]]),
    ];
    const screeningId = (record.facts['screening'] as { id?: string } | null)?.id;
    if (screeningId && record.subjectType === 'notice') objects.push(['screening', screeningId]);
    const bySeq = new Map<number, AuditEntry>();
    for (const [objectType, objectId] of objects)
      for (const entry of await this.deps.audit.list({
        afterSeq: 0,
        limit: 10_000,
        objectType,
        objectId,
      }))
        bySeq.set(entry.seq, entry);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
}
