import type { ScreeningRecord, ScreeningStore } from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog, auditDigest } from './sqlite-audit-log.js';
import { toRecord } from '../rows/screening-rows.js';

type Row = Record<string, unknown>;

/** {@link ScreeningStore} on the embedded SQLite database. */
export class SqliteScreeningStore implements ScreeningStore {
  private readonly audit: SqliteAuditLog;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly closeDb: () => void = () => db.close(),
  ) {
    this.audit = new SqliteAuditLog(db);
  }

  async saveScreening(record: ScreeningRecord, actor = 'system'): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO screenings (id, org_id, content_id, url, verdict, media_kind, status, evidence, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            record.id,
            record.orgId,
            record.contentId,
            record.url,
            record.verdict,
            record.mediaKind,
            record.status,
            JSON.stringify(record.evidence),
            record.createdAt,
          );
        this.audit.appendSync({
          at: record.createdAt,
          actor,
          action: 'screening.recorded',
          objectType: 'screening',
          objectId: record.id,
          beforeDigest: null,
          afterDigest: auditDigest(record),
          details: { orgId: record.orgId, verdict: record.verdict, mediaKind: record.mediaKind },
        });
      })
      .immediate();
  }

  async getScreening(id: string): Promise<ScreeningRecord | null> {
    const row = this.db.prepare('SELECT * FROM screenings WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  async listScreenings(
    orgId: number,
    options: { limit: number; before?: string },
  ): Promise<ScreeningRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM screenings WHERE org_id = ? AND created_at < ?
          ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(orgId, options.before ?? '9999', options.limit) as Row[];
    return rows.map(toRecord);
  }

  async close(): Promise<void> {
    this.closeDb();
  }
}
