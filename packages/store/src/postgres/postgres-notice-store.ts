import type { NewJob, Notice, NoticeEventRecord, NoticeState, NoticeStore } from '@haechi/core';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { PostgresJobStore } from './postgres-job-store.js';
import { toNotice, toEvent } from '../rows/notice-rows.js';

type Row = Record<string, unknown>;

/** {@link NoticeStore} on PostgreSQL: every state change with its event row and audit entry, atomically. */
export class PostgresNoticeStore implements NoticeStore {
  private readonly audit: PostgresAuditLog;
  private readonly jobs: PostgresJobStore;

  constructor(private readonly pool: PostgresPool) {
    this.audit = new PostgresAuditLog(pool);
    this.jobs = new PostgresJobStore(pool);
  }

  async createNotice(
    input: Omit<Notice, 'id' | 'state' | 'removedAt' | 'disputeReason' | 'updatedAt'>,
    actor: string,
    followUps: (notice: Notice) => ReadonlyArray<NewJob> = () => [],
  ): Promise<Notice | null> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(
          `INSERT INTO notices (platform_org_id, case_id, screening_id, url, state, jurisdiction, sent_at, deadline_at, updated_at)
             VALUES (?, ?, ?, ?, 'sent', ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        )
        .get(
          input.platformOrgId,
          input.caseId,
          input.screeningId,
          input.url,
          input.jurisdiction,
          input.sentAt,
          input.deadlineAt,
          input.sentAt,
        )) as Row | undefined;
      if (!row) return null;
      const notice = toNotice(row);
      await this.insertEvent(db, {
        noticeId: notice.id,
        event: 'sent',
        fromState: null,
        toState: 'sent',
        at: input.sentAt,
        actor,
        note: null,
      });
      await db.audit({
        at: input.sentAt,
        actor,
        action: 'notice.sent',
        objectType: 'notice',
        objectId: String(notice.id),
        beforeDigest: null,
        afterDigest: null,
        details: {
          platformOrgId: notice.platformOrgId,
          caseId: notice.caseId,
          deadlineAt: notice.deadlineAt,
        },
      });
      for (const job of followUps(notice)) await this.jobs.scheduleIn(client, job, input.sentAt);
      return notice;
    });
  }

  async getNotice(id: number): Promise<Notice | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM notices WHERE id = ?').get(id)) as Row | undefined;
    return row ? toNotice(row) : null;
  }

  async listNotices(options: {
    platformOrgId?: number;
    caseId?: number;
    screeningId?: string;
    states?: readonly NoticeState[];
    limit: number;
  }): Promise<Notice[]> {
    const db = new Db(this.pool, this.audit);
    const rows = (await db
      .prepare(
        `SELECT * FROM notices
          WHERE (?::bigint IS NULL OR platform_org_id = ?) AND (?::bigint IS NULL OR case_id = ?)
            AND (?::text IS NULL OR screening_id = ?)
            AND (?::int IS NULL OR state = ANY(?::text[]))
          ORDER BY deadline_at, id LIMIT ?`,
      )
      .all(
        options.platformOrgId ?? null,
        options.platformOrgId ?? null,
        options.caseId ?? null,
        options.caseId ?? null,
        options.screeningId ?? null,
        options.screeningId ?? null,
        options.states ? 1 : null,
        [...(options.states ?? [])],
        options.limit,
      )) as Row[];
    return rows.map(toNotice);
  }

  async transition(
    id: number,
    from: NoticeState,
    to: NoticeState,
    event: NoticeEventRecord['event'],
    meta: { at: string; actor: string; note?: string; disputeReason?: string },
  ): Promise<Notice | null> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(
          `UPDATE notices SET state = ?, updated_at = ?,
                    removed_at = CASE WHEN ? = 'removed' THEN ? ELSE removed_at END,
                    dispute_reason = COALESCE(?, dispute_reason)
              WHERE id = ? AND state = ? RETURNING *`,
        )
        .get(to, meta.at, to, meta.at, meta.disputeReason ?? null, id, from)) as Row | undefined;
      if (!row) return null;
      await this.insertEvent(db, {
        noticeId: id,
        event,
        fromState: from,
        toState: to,
        at: meta.at,
        actor: meta.actor,
        note: meta.note ?? null,
      });
      await db.audit({
        at: meta.at,
        actor: meta.actor,
        action: 'notice.transitioned',
        objectType: 'notice',
        objectId: String(id),
        beforeDigest: null,
        afterDigest: null,
        details: { event, from, to },
      });
      return toNotice(row);
    });
  }

  async recordEvent(record: NoticeEventRecord): Promise<void> {
    await this.insertEvent(new Db(this.pool, this.audit), record);
  }

  async listEvents(noticeId: number): Promise<NoticeEventRecord[]> {
    const db = new Db(this.pool, this.audit);
    return (
      (await db
        .prepare('SELECT * FROM notice_events WHERE notice_id = ? ORDER BY id')
        .all(noticeId)) as Row[]
    ).map(toEvent);
  }

  private async insertEvent(db: Db, record: NoticeEventRecord): Promise<void> {
    await db
      .prepare(
        'INSERT INTO notice_events (notice_id, event, from_state, to_state, at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.noticeId,
        record.event,
        record.fromState,
        record.toState,
        record.at,
        record.actor,
        record.note,
      );
  }
}
