import type { EvidenceRecord, EvidenceStore, SealedMedia } from '@haechi/core';
import { toMedia, toRecord } from '../rows/evidence-rows.js';
import { all, audit, get, run, type SqlRunner } from '../sql/statements.js';

/**
 * {@link EvidenceStore} on either backend. Triggers keep records fixed and refuse to purge media a
 * record preserves; every change appends its audit entry in the same transaction.
 */
export class SqlEvidenceStore implements EvidenceStore {
  constructor(private readonly sql: SqlRunner) {}

  async saveMedia(media: SealedMedia, actor: string): Promise<void> {
    await this.sql.perform(() => insertSealedMedia(media, actor), { transaction: true });
  }

  getMedia(id: string): Promise<SealedMedia | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM sealed_media WHERE id = ?', id);
      return row ? toMedia(row) : null;
    });
  }

  getMediaOfScreening(screeningId: string): Promise<SealedMedia | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM sealed_media WHERE screening_id = ?', screeningId);
      return row ? toMedia(row) : null;
    });
  }

  async recordMediaView(media: SealedMedia, meta: { at: string; actor: string }): Promise<void> {
    await this.sql.perform(
      () =>
        audit({
          at: meta.at,
          actor: meta.actor,
          action: 'media.viewed',
          objectType: 'screening',
          objectId: media.screeningId,
          beforeDigest: null,
          afterDigest: media.sha256,
          details: { mediaId: media.id },
        }),
      { transaction: true },
    );
  }

  async purgeMedia(id: string, meta: { at: string; actor: string; reason: string }): Promise<void> {
    await this.sql.perform(
      function* () {
        const row = yield* get<{ screening_id: string; sha256: string }>(
          `UPDATE sealed_media SET ciphertext = ?, purged_at = ?
            WHERE id = ? AND purged_at IS NULL RETURNING screening_id, sha256`,
          Buffer.alloc(0),
          meta.at,
          id,
        );
        if (!row) return;
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: 'media.purged',
          objectType: 'screening',
          objectId: row.screening_id,
          beforeDigest: row.sha256,
          afterDigest: null,
          details: { mediaId: id, reason: meta.reason },
        });
      },
      { transaction: true },
    );
  }

  createRecord(record: EvidenceRecord): Promise<EvidenceRecord | null> {
    return this.sql.perform(
      function* () {
        const inserted = yield* run(
          `INSERT INTO evidence_records (id, subject_type, subject_id, reason, platform_org_id, case_id, facts, facts_digest, media_id, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          record.id,
          record.subjectType,
          record.subjectId,
          record.reason,
          record.platformOrgId,
          record.caseId,
          JSON.stringify(record.facts),
          record.factsDigest,
          record.mediaId,
          record.createdAt,
          record.createdBy,
        );
        if (inserted === 0) return null;
        yield* audit({
          at: record.createdAt,
          actor: record.createdBy,
          action: 'evidence.fixed',
          objectType: 'evidence',
          objectId: record.id,
          beforeDigest: null,
          afterDigest: record.factsDigest,
          details: {
            subjectType: record.subjectType,
            subjectId: record.subjectId,
            reason: record.reason,
            mediaId: record.mediaId,
          },
        });
        return record;
      },
      { transaction: true },
    );
  }

  getRecord(id: string): Promise<EvidenceRecord | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM evidence_records WHERE id = ?', id);
      return row ? toRecord(row) : null;
    });
  }

  getRecordOfSubject(
    subjectType: EvidenceRecord['subjectType'],
    subjectId: string,
  ): Promise<EvidenceRecord | null> {
    return this.sql.perform(function* () {
      const row = yield* get(
        'SELECT * FROM evidence_records WHERE subject_type = ? AND subject_id = ?',
        subjectType,
        subjectId,
      );
      return row ? toRecord(row) : null;
    });
  }

  listRecords(options: { limit: number; before?: string }): Promise<EvidenceRecord[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM evidence_records WHERE created_at < ?
          ORDER BY created_at DESC, id DESC LIMIT ?`,
        options.before ?? '9999',
        options.limit,
      );
      return rows.map(toRecord);
    });
  }

  async recordExport(
    id: string,
    meta: { at: string; actor: string; manifestDigest: string; withMedia: boolean },
  ): Promise<void> {
    await this.sql.perform(
      () =>
        audit({
          at: meta.at,
          actor: meta.actor,
          action: 'evidence.exported',
          objectType: 'evidence',
          objectId: id,
          beforeDigest: null,
          afterDigest: meta.manifestDigest,
          details: { withMedia: meta.withMedia },
        }),
      { transaction: true },
    );
  }
}

/** Steps that keep an upload's sealed bytes with their audit entry (inside the caller's transaction). */
export function* insertSealedMedia(media: SealedMedia, actor: string) {
  const inserted = yield* run(
    `INSERT INTO sealed_media (id, screening_id, sha256, content_type, size, key_wrapped, iv, tag, ciphertext, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    media.id,
    media.screeningId,
    media.sha256,
    media.contentType,
    media.size,
    media.keyWrapped,
    Buffer.from(media.iv),
    Buffer.from(media.tag),
    Buffer.from(media.ciphertext),
    media.createdAt,
  );
  if (inserted === 0) return;
  yield* audit({
    at: media.createdAt,
    actor,
    action: 'media.retained',
    objectType: 'screening',
    objectId: media.screeningId,
    beforeDigest: null,
    afterDigest: media.sha256,
    details: { mediaId: media.id, size: media.size, contentType: media.contentType },
  });
}
