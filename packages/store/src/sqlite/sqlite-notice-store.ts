import type { NewJob, Notice, NoticeEventRecord, NoticeState, NoticeStore } from '@haechi/core';
import type { SqliteDatabase } from './open-sqlite.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteJobStore } from './sqlite-job-store.js';
import { toNotice, toEvent } from '../rows/notice-rows.js';

type Row = Record<string, unknown>;

/** {@link NoticeStore} on SQLite: every state change with its event row and audit entry, atomically. */
export class SqliteNoticeStore implements NoticeStore {
  private readonly audit: SqliteAuditLog;
  private readonly jobs: SqliteJobStore;

  constructor(private readonly db: SqliteDatabase) {
    this.audit = new SqliteAuditLog(db);
    this.jobs = new SqliteJobStore(db);
  }

  async createNotice(
    input: Omit<Notice, 'id' | 'state' | 'removedAt' | 'disputeReason' | 'updatedAt'>,
    actor: string,
    followUps: (notice: Notice) => ReadonlyArray<NewJob> = () => [],
  ): Promise<Notice | null> {
    return this.db
      .transaction(() => {
        const row = this.db
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
          ) as Row | undefined;
        if (!row) return null;
        const notice = toNotice(row);
        this.insertEvent({
          noticeId: notice.id,
          event: 'sent',
          fromState: null,
          toState: 'sent',
          at: input.sentAt,
          actor,
          note: null,
        });
        this.audit.appendSync({
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
        for (const job of followUps(notice)) this.jobs.scheduleSync(job, input.sentAt);
        return notice;
      })
      .immediate();
  }

  async getNotice(id: number): Promise<Notice | null> {
    const row = this.db.prepare('SELECT * FROM notices WHERE id = ?').get(id) as Row | undefined;
    return row ? toNotice(row) : null;
  }

  async listNotices(options: {
    platformOrgId?: number;
    caseId?: number;
    screeningId?: string;
    states?: readonly NoticeState[];
    limit: number;
  }): Promise<Notice[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM notices
          WHERE (? IS NULL OR platform_org_id = ?) AND (? IS NULL OR case_id = ?)
            AND (? IS NULL OR screening_id = ?)
            AND (? IS NULL OR state IN (SELECT value FROM json_each(?)))
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
        JSON.stringify(options.states ?? []),
        options.limit,
      ) as Row[];
    return rows.map(toNotice);
  }

  async transition(
    id: number,
    from: NoticeState,
    to: NoticeState,
    event: NoticeEventRecord['event'],
    meta: { at: string; actor: string; note?: string; disputeReason?: string },
  ): Promise<Notice | null> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            `UPDATE notices SET state = ?, updated_at = ?,
                    removed_at = CASE WHEN ? = 'removed' THEN ? ELSE removed_at END,
                    dispute_reason = COALESCE(?, dispute_reason)
              WHERE id = ? AND state = ? RETURNING *`,
          )
          .get(to, meta.at, to, meta.at, meta.disputeReason ?? null, id, from) as Row | undefined;
        if (!row) return null;
        this.insertEvent({
          noticeId: id,
          event,
          fromState: from,
          toState: to,
          at: meta.at,
          actor: meta.actor,
          note: meta.note ?? null,
        });
        this.audit.appendSync({
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
      })
      .immediate();
  }

  async recordEvent(record: NoticeEventRecord): Promise<void> {
    this.insertEvent(record);
  }

  async listEvents(noticeId: number): Promise<NoticeEventRecord[]> {
    return (
      this.db
        .prepare('SELECT * FROM notice_events WHERE notice_id = ? ORDER BY id')
        .all(noticeId) as Row[]
    ).map(toEvent);
  }

  private insertEvent(record: NoticeEventRecord): void {
    this.db
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
