import type { ScreeningRecord, ScreeningStore } from '@haechi/core';
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { toRecord } from '../rows/screening-rows.js';

type Row = Record<string, unknown>;

/** {@link ScreeningStore} on PostgreSQL. */
export class PostgresScreeningStore implements ScreeningStore {
  private readonly audit: PostgresAuditLog;

  constructor(
    private readonly pool: PostgresPool,
    private readonly closePool: () => Promise<void> = () => pool.end(),
  ) {
    this.audit = new PostgresAuditLog(pool);
  }

  async saveScreening(record: ScreeningRecord, actor = 'system'): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      await db
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
      await db.audit({
        at: record.createdAt,
        actor,
        action: 'screening.recorded',
        objectType: 'screening',
        objectId: record.id,
        beforeDigest: null,
        afterDigest: auditDigest(record),
        details: { orgId: record.orgId, verdict: record.verdict, mediaKind: record.mediaKind },
      });
    });
  }

  async getScreening(id: string): Promise<ScreeningRecord | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM screenings WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toRecord(row) : null;
  }

  async listScreenings(
    orgId: number,
    options: { limit: number; before?: string },
  ): Promise<ScreeningRecord[]> {
    const db = new Db(this.pool, this.audit);
    const rows = (await db
      .prepare(
        `SELECT * FROM screenings WHERE org_id = ? AND created_at < ?
          ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(orgId, options.before ?? '9999', options.limit)) as Row[];
    return rows.map(toRecord);
  }

  async close(): Promise<void> {
    await this.closePool();
  }
}
