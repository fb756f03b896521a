import type { NewReviewItem, ReviewItem, ReviewStore } from '@haechi/core';
import { toItem } from '../rows/review-rows.js';
import { all, audit, get, type SqlRunner } from '../sql/statements.js';

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

/** {@link ReviewStore} on either backend: each change with its audit entry, atomically. */
export class SqlReviewStore implements ReviewStore {
  constructor(private readonly sql: SqlRunner) {}

  createItem(input: NewReviewItem, actor: string): Promise<ReviewItem | null> {
    return this.sql.perform(() => insertReviewItem(input, actor), { transaction: true });
  }

  getItem(id: number): Promise<ReviewItem | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM review_items WHERE id = ?', id);
      return row ? toItem(row) : null;
    });
  }

  listItems(options: {
    status?: ReviewItem['status'];
    platformOrgId?: number;
    screeningId?: string;
    noticeId?: number;
    limit: number;
  }): Promise<ReviewItem[]> {
    return this.sql.perform(function* () {
      const rows = yield* all<Row>(
        `SELECT * FROM review_items
          WHERE (CAST(? AS TEXT) IS NULL OR status = ?)
            AND (CAST(? AS BIGINT) IS NULL OR platform_org_id = ?)
            AND (CAST(? AS TEXT) IS NULL OR screening_id = ?)
            AND (CAST(? AS BIGINT) IS NULL OR notice_id = ?)
          ORDER BY due_at, id LIMIT ?`,
        options.status ?? null,
        options.status ?? null,
        options.platformOrgId ?? null,
        options.platformOrgId ?? null,
        options.screeningId ?? null,
        options.screeningId ?? null,
        options.noticeId ?? null,
        options.noticeId ?? null,
        options.limit,
      );
      return rows.map(toItem);
    });
  }

  update(
    id: number,
    fromStatus: ReviewItem['status'],
    changes: Parameters<ReviewStore['update']>[2],
    meta: { at: string; actor: string },
  ): Promise<ReviewItem | null> {
    const entries = Object.entries(changes).filter(([key]) => COLUMNS[key] !== undefined);
    const sets = [...entries.map(([key]) => `${COLUMNS[key]} = ?`), 'updated_at = ?'].join(', ');
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `UPDATE review_items SET ${sets} WHERE id = ? AND status = ? RETURNING *`,
          ...entries.map(([, v]) => v),
          meta.at,
          id,
          fromStatus,
        );
        if (!row) return null;
        yield* audit({
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
      },
      { transaction: true },
    );
  }
}

/**
 * Steps that open a review item with its audit entry, unless one is open for the same screening or
 * notice (null then); inside the caller's transaction.
 */
export function* insertReviewItem(input: NewReviewItem, actor: string) {
  const row = yield* get(
    `INSERT INTO review_items (kind, platform_org_id, screening_id, notice_id, status, due_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
    input.kind,
    input.platformOrgId,
    input.screeningId,
    input.noticeId,
    input.dueAt,
    input.createdAt,
    input.createdAt,
  );
  if (!row) return null;
  const item = toItem(row);
  yield* audit({
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
}
