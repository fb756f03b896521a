import { AppError, type Case, type CaseNote, type CaseStore, type CaseUrl } from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { toCase, toUrl, toNote } from '../rows/case-rows.js';

type Row = Record<string, unknown>;

/** {@link CaseStore} on SQLite; the audit log records ids and counts, never URLs or contacts. */
export class SqliteCaseStore implements CaseStore {
  private readonly audit: SqliteAuditLog;

  constructor(private readonly db: SqliteDatabase) {
    this.audit = new SqliteAuditLog(db);
  }

  async createCase(input: Omit<Case, 'id' | 'status' | 'withdrawnAt'>): Promise<Case> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            `INSERT INTO cases (code, passphrase_hash, center_org_id, status, bank_id, contact_sealed, face_embedding_sealed, created_by, created_at)
             VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            input.code,
            input.passphraseHash,
            input.centerOrgId,
            input.bankId,
            input.contactSealed,
            input.faceEmbeddingSealed,
            input.createdBy,
            input.createdAt,
          ) as Row;
        const created = toCase(row);
        this.audit.appendSync({
          at: input.createdAt,
          actor: input.createdBy,
          action: 'case.opened',
          objectType: 'case',
          objectId: String(created.id),
          beforeDigest: null,
          afterDigest: null,
          details: {
            centerOrgId: created.centerOrgId,
            bankId: created.bankId,
            selfService: created.passphraseHash !== null,
          },
        });
        return created;
      })
      .immediate();
  }

  async getCase(id: number): Promise<Case | null> {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as Row | undefined;
    return row ? toCase(row) : null;
  }

  async getCaseByCode(code: string): Promise<Case | null> {
    const row = this.db.prepare('SELECT * FROM cases WHERE code = ?').get(code) as Row | undefined;
    return row ? toCase(row) : null;
  }

  async listCases(options: { centerOrgId?: number; limit: number }): Promise<Case[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM cases WHERE (? IS NULL OR center_org_id = ?) ORDER BY id DESC LIMIT ?',
      )
      .all(options.centerOrgId ?? null, options.centerOrgId ?? null, options.limit) as Row[];
    return rows.map(toCase);
  }

  async addUrl(
    caseId: number,
    url: string,
    host: string,
    at: string,
    actor: string,
  ): Promise<CaseUrl | null> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            'INSERT INTO case_urls (case_id, url, host, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *',
          )
          .get(caseId, url, host, at) as Row | undefined;
        if (!row) return null;
        this.audit.appendSync({
          at,
          actor,
          action: 'case.url_added',
          objectType: 'case',
          objectId: String(caseId),
          beforeDigest: null,
          afterDigest: null,
          details: { urlId: row['id'] as number },
        });
        return toUrl(row);
      })
      .immediate();
  }

  async addNote(caseId: number, bodySealed: string, at: string, author: string): Promise<CaseNote> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            'INSERT INTO case_notes (case_id, body_sealed, author, created_at) VALUES (?, ?, ?, ?) RETURNING *',
          )
          .get(caseId, bodySealed, author, at) as Row;
        this.audit.appendSync({
          at,
          actor: author,
          action: 'case.note_added',
          objectType: 'case',
          objectId: String(caseId),
          beforeDigest: null,
          afterDigest: null,
          details: { noteId: row['id'] as number },
        });
        return toNote(row);
      })
      .immediate();
  }

  async listNotes(caseId: number): Promise<CaseNote[]> {
    return (
      this.db.prepare('SELECT * FROM case_notes WHERE case_id = ? ORDER BY id').all(caseId) as Row[]
    ).map(toNote);
  }

  async listUrls(caseId: number): Promise<CaseUrl[]> {
    return (
      this.db.prepare('SELECT * FROM case_urls WHERE case_id = ? ORDER BY id').all(caseId) as Row[]
    ).map(toUrl);
  }

  async listFaceEmbeddings(): Promise<Array<{ caseId: number; faceEmbeddingSealed: string }>> {
    return (
      this.db
        .prepare(
          "SELECT id, face_embedding_sealed FROM cases WHERE status = 'open' AND face_embedding_sealed IS NOT NULL ORDER BY id",
        )
        .all() as Array<{ id: number; face_embedding_sealed: string }>
    ).map((r) => ({ caseId: r.id, faceEmbeddingSealed: r.face_embedding_sealed }));
  }

  async withdrawCase(id: number, at: string, actor: string): Promise<Case> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            "UPDATE cases SET status = 'withdrawn', withdrawn_at = ?, face_embedding_sealed = NULL WHERE id = ? AND status = 'open' RETURNING *",
          )
          .get(at, id) as Row | undefined;
        if (!row) throw new AppError('invalid_transition', 'the case is already withdrawn');
        this.audit.appendSync({
          at,
          actor,
          action: 'case.withdrawn',
          objectType: 'case',
          objectId: String(id),
          beforeDigest: null,
          afterDigest: null,
          // Her face embedding is deleted with the case; the entry says so, never what it was.
          details: { faceEmbeddingDeleted: true },
        });
        return toCase(row);
      })
      .immediate();
  }
}
