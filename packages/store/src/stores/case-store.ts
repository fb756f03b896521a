import {
  AppError,
  type Case,
  type CaseNote,
  type CaseStore,
  type CaseUrl,
  type UnnoticedCaseUrl,
} from '@haechi/core';
import { toCase, toNote, toUnnoticedUrl, toUrl } from '../rows/case-rows.js';
import { all, audit, get, type SqlRunner } from '../sql/statements.js';

type Row = Record<string, unknown>;

/** {@link CaseStore} on either backend; the audit log records ids and counts, never URLs or contacts. */
export class SqlCaseStore implements CaseStore {
  constructor(private readonly sql: SqlRunner) {}

  createCase(input: Omit<Case, 'id' | 'status' | 'withdrawnAt'>): Promise<Case> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `INSERT INTO cases (code, passphrase_hash, center_org_id, status, bank_id, contact_sealed, face_embedding_sealed, created_by, created_at)
           VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING *`,
          input.code,
          input.passphraseHash,
          input.centerOrgId,
          input.bankId,
          input.contactSealed,
          input.faceEmbeddingSealed,
          input.createdBy,
          input.createdAt,
        );
        const created = toCase(row as Row);
        yield* audit({
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
      },
      { transaction: true },
    );
  }

  getCase(id: number): Promise<Case | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM cases WHERE id = ?', id);
      return row ? toCase(row) : null;
    });
  }

  getCaseByCode(code: string): Promise<Case | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM cases WHERE code = ?', code);
      return row ? toCase(row) : null;
    });
  }

  listCases(options: { centerOrgId?: number; limit: number }): Promise<Case[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        'SELECT * FROM cases WHERE (CAST(? AS BIGINT) IS NULL OR center_org_id = ?) ORDER BY id DESC LIMIT ?',
        options.centerOrgId ?? null,
        options.centerOrgId ?? null,
        options.limit,
      );
      return rows.map(toCase);
    });
  }

  addUrl(
    caseId: number,
    url: string,
    host: string,
    at: string,
    actor: string,
  ): Promise<CaseUrl | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          'INSERT INTO case_urls (case_id, url, host, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *',
          caseId,
          url,
          host,
          at,
        );
        if (!row) return null;
        yield* audit({
          at,
          actor,
          action: 'case.url_added',
          objectType: 'case',
          objectId: String(caseId),
          beforeDigest: null,
          afterDigest: null,
          details: { urlId: row['id'] },
        });
        return toUrl(row);
      },
      { transaction: true },
    );
  }

  addNote(caseId: number, bodySealed: string, at: string, author: string): Promise<CaseNote> {
    return this.sql.perform(
      function* () {
        const row = (yield* get(
          'INSERT INTO case_notes (case_id, body_sealed, author, created_at) VALUES (?, ?, ?, ?) RETURNING *',
          caseId,
          bodySealed,
          author,
          at,
        )) as Row;
        yield* audit({
          at,
          actor: author,
          action: 'case.note_added',
          objectType: 'case',
          objectId: String(caseId),
          beforeDigest: null,
          afterDigest: null,
          details: { noteId: row['id'] },
        });
        return toNote(row);
      },
      { transaction: true },
    );
  }

  listNotes(caseId: number): Promise<CaseNote[]> {
    return this.sql.perform(function* () {
      return (yield* all('SELECT * FROM case_notes WHERE case_id = ? ORDER BY id', caseId)).map(
        toNote,
      );
    });
  }

  listUrls(caseId: number): Promise<CaseUrl[]> {
    return this.sql.perform(function* () {
      return (yield* all('SELECT * FROM case_urls WHERE case_id = ? ORDER BY id', caseId)).map(
        toUrl,
      );
    });
  }

  listUnnoticedUrls(limit: number): Promise<UnnoticedCaseUrl[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT u.*, c.code AS case_code, c.center_org_id AS case_center_org_id
           FROM case_urls u JOIN cases c ON c.id = u.case_id
          WHERE c.status = 'open'
            AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.case_id = u.case_id AND n.url = u.url)
          ORDER BY u.id LIMIT ?`,
        limit,
      );
      return rows.map(toUnnoticedUrl);
    });
  }

  listFaceEmbeddings(): Promise<Array<{ caseId: number; faceEmbeddingSealed: string }>> {
    return this.sql.perform(function* () {
      const rows = yield* all<{ id: number; face_embedding_sealed: string }>(
        "SELECT id, face_embedding_sealed FROM cases WHERE status = 'open' AND face_embedding_sealed IS NOT NULL ORDER BY id",
      );
      return rows.map((r) => ({ caseId: r.id, faceEmbeddingSealed: r.face_embedding_sealed }));
    });
  }

  withdrawCase(id: number, at: string, actor: string): Promise<Case> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          "UPDATE cases SET status = 'withdrawn', withdrawn_at = ?, face_embedding_sealed = NULL WHERE id = ? AND status = 'open' RETURNING *",
          at,
          id,
        );
        if (!row) throw new AppError('invalid_transition', 'the case is already withdrawn');
        yield* audit({
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
      },
      { transaction: true },
    );
  }
}
