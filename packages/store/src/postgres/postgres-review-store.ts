import type { ReviewItem, ReviewStore } from '@haechi/core';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { toItem } from '../rows/review-rows.js';

type Row = Record<string, unknown>;

const COLUMNS: Readonly<Record<string, string>> = {
  status: 'status',
  decision: 'decision',
  reasonCode: 'reason_code',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  appealReason: 'appeal_reason',
  appealedBy: 'appealed_by',
};

/** {@link ReviewStore} on PostgreSQL. */
export class PostgresReviewStore implements ReviewStore {
  private readonly audit: PostgresAuditLog;

  constructor(private readonly pool: PostgresPool) {
    this.audit = new PostgresAuditLog(pool);
  }

  async createItem(
    input: Pick<
      ReviewItem,
      'kind' | 'platformOrgId' | 'screeningId' | 'noticeId' | 'dueAt' | 'createdAt'
    >,
    actor: string,
  ): Promise<ReviewItem | null> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(
          `INSERT INTO review_items (kind, platform_org_id, screening_id, notice_id, status, due_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        )
        .get(
          input.kind,
          input.platformOrgId,
          input.screeningId,
          input.noticeId,
          input.dueAt,
          input.createdAt,
          input.createdAt,
        )) as Row | undefined;
      if (!row) return null;
      const item = toItem(row);
      await db.audit({
        at: input.createdAt,
        actor,
        action: 'review.opened',
        objectType: 'review',
        objectId: String(item.id),
        beforeDigest: null,
        afterDigest: null,
        details: { kind: item.kind, screeningId: item.screeningId, noticeId: item.noticeId },
      });
      return item;
    });
  }

  async getItem(id: number): Promise<ReviewItem | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM review_items WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toItem(row) : null;
  }

  async listItems(options: {
    status?: ReviewItem['status'];
    platformOrgId?: number;
    screeningId?: string;
    noticeId?: number;
    limit: number;
  }): Promise<ReviewItem[]> {
    const db = new Db(this.pool, this.audit);
    const rows = (await db
      .prepare(
        `SELECT * FROM review_items WHERE (?::text IS NULL OR status = ?) AND (?::bigint IS NULL OR platform_org_id = ?)
           AND (?::text IS NULL OR screening_id = ?) AND (?::bigint IS NULL OR notice_id = ?)
         ORDER BY due_at, id LIMIT ?`,
      )
      .all(
        options.status ?? null,
        options.status ?? null,
        options.platformOrgId ?? null,
        options.platformOrgId ?? null,
        options.screeningId ?? null,
        options.screeningId ?? null,
        options.noticeId ?? null,
        options.noticeId ?? null,
        options.limit,
      )) as Row[];
    return rows.map(toItem);
  }

  async update(
    id: number,
    fromStatus: ReviewItem['status'],
    changes: Partial<
      Pick<
        ReviewItem,
        | 'status'
        | 'decision'
        | 'reasonCode'
        | 'decidedBy'
        | 'decidedAt'
        | 'appealReason'
        | 'appealedBy'
      >
    >,
    meta: { at: string; actor: string },
  ): Promise<ReviewItem | null> {
    const entries = Object.entries(changes).filter(([key]) => COLUMNS[key] !== undefined);
    const sets = [...entries.map(([key]) => `${COLUMNS[key]} = ?`), 'updated_at = ?'].join(', ');
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(`UPDATE review_items SET ${sets} WHERE id = ? AND status = ? RETURNING *`)
        .get(...entries.map(([, v]) => v as string | null), meta.at, id, fromStatus)) as
        Row | undefined;
      if (!row) return null;
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'review.updated',
        objectType: 'review',
        objectId: String(id),
        beforeDigest: null,
        afterDigest: null,
        details: { from: fromStatus, ...changes, appealReason: undefined },
      });
      return toItem(row);
    });
  }
}
