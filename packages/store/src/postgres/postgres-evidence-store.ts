import type { EvidenceRecord, EvidenceStore, SealedMedia } from '@haechi/core';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { toMedia, toRecord } from '../rows/evidence-rows.js';

type Row = Record<string, unknown>;

/** {@link EvidenceStore} on PostgreSQL: records are fixed by triggers; preserved media cannot be purged. */
export class PostgresEvidenceStore implements EvidenceStore {
  private readonly audit: PostgresAuditLog;

  constructor(private readonly pool: PostgresPool) {
    this.audit = new PostgresAuditLog(pool);
  }

  async saveMedia(media: SealedMedia, actor: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const inserted = await db
        .prepare(
          `INSERT INTO sealed_media (id, screening_id, sha256, content_type, size, key_wrapped, iv, tag, ciphertext, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
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
      if (inserted.changes === 0) return;
      await db.audit({
        at: media.createdAt,
        actor,
        action: 'media.retained',
        objectType: 'screening',
        objectId: media.screeningId,
        beforeDigest: null,
        afterDigest: media.sha256,
        details: { mediaId: media.id, size: media.size, contentType: media.contentType },
      });
    });
  }

  async getMedia(id: string): Promise<SealedMedia | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM sealed_media WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toMedia(row) : null;
  }

  async getMediaOfScreening(screeningId: string): Promise<SealedMedia | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db
      .prepare('SELECT * FROM sealed_media WHERE screening_id = ?')
      .get(screeningId)) as Row | undefined;
    return row ? toMedia(row) : null;
  }

  async recordMediaView(media: SealedMedia, meta: { at: string; actor: string }): Promise<void> {
    await this.audit.append({
      at: meta.at,
      actor: meta.actor,
      action: 'media.viewed',
      objectType: 'screening',
      objectId: media.screeningId,
      beforeDigest: null,
      afterDigest: media.sha256,
      details: { mediaId: media.id },
    });
  }

  async purgeMedia(id: string, meta: { at: string; actor: string; reason: string }): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(
          `UPDATE sealed_media SET ciphertext = ''::bytea, purged_at = ?
              WHERE id = ? AND purged_at IS NULL RETURNING screening_id, sha256`,
        )
        .get(meta.at, id)) as { screening_id: string; sha256: string } | undefined;
      if (!row) return;
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'media.purged',
        objectType: 'screening',
        objectId: row.screening_id,
        beforeDigest: row.sha256,
        afterDigest: null,
        details: { mediaId: id, reason: meta.reason },
      });
    });
  }

  async createRecord(record: EvidenceRecord): Promise<EvidenceRecord | null> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const inserted = await db
        .prepare(
          `INSERT INTO evidence_records (id, subject_type, subject_id, reason, platform_org_id, case_id, facts, facts_digest, media_id, created_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
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
      if (inserted.changes === 0) return null;
      await db.audit({
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
    });
  }

  async getRecord(id: string): Promise<EvidenceRecord | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM evidence_records WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toRecord(row) : null;
  }

  async getRecordOfSubject(
    subjectType: EvidenceRecord['subjectType'],
    subjectId: string,
  ): Promise<EvidenceRecord | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db
      .prepare('SELECT * FROM evidence_records WHERE subject_type = ? AND subject_id = ?')
      .get(subjectType, subjectId)) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  async listRecords(options: { limit: number; before?: string }): Promise<EvidenceRecord[]> {
    const db = new Db(this.pool, this.audit);
    const rows = (await db
      .prepare(
        `SELECT * FROM evidence_records WHERE created_at < ?
          ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(options.before ?? '9999', options.limit)) as Row[];
    return rows.map(toRecord);
  }

  async recordExport(
    id: string,
    meta: { at: string; actor: string; manifestDigest: string; withMedia: boolean },
  ): Promise<void> {
    await this.audit.append({
      at: meta.at,
      actor: meta.actor,
      action: 'evidence.exported',
      objectType: 'evidence',
      objectId: id,
      beforeDigest: null,
      afterDigest: meta.manifestDigest,
      details: { withMedia: meta.withMedia },
    });
  }
}
