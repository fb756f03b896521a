import type { NewJob, Notice, NoticeEventRecord, NoticeState, NoticeStore } from '@haechi/core';
import { toEvent, toNotice } from '../rows/notice-rows.js';
import { all, audit, get, run, type SqlRunner, type SqlWork } from '../sql/statements.js';
import { scheduleJob } from './job-store.js';

function* insertEvent(record: NoticeEventRecord): SqlWork<void> {
  yield* run(
    'INSERT INTO notice_events (notice_id, event, from_state, to_state, at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    record.noticeId,
    record.event,
    record.fromState,
    record.toState,
    record.at,
    record.actor,
    record.note,
  );
}

/** {@link NoticeStore} on either backend: every state change with its event row and audit entry, atomically. */
export class SqlNoticeStore implements NoticeStore {
  constructor(private readonly sql: SqlRunner) {}

  createNotice(
    input: Omit<Notice, 'id' | 'state' | 'removedAt' | 'disputeReason' | 'updatedAt'>,
    actor: string,
    followUps: (notice: Notice) => ReadonlyArray<NewJob> = () => [],
  ): Promise<Notice | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `INSERT INTO notices (platform_org_id, case_id, screening_id, url, state, jurisdiction, sent_at, deadline_at, updated_at)
           VALUES (?, ?, ?, ?, 'sent', ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
          input.platformOrgId,
          input.caseId,
          input.screeningId,
          input.url,
          input.jurisdiction,
          input.sentAt,
          input.deadlineAt,
          input.sentAt,
        );
        if (!row) return null;
        const notice = toNotice(row);
        yield* insertEvent({
          noticeId: notice.id,
          event: 'sent',
          fromState: null,
          toState: 'sent',
          at: input.sentAt,
          actor,
          note: null,
        });
        yield* audit({
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
        for (const job of followUps(notice)) yield* scheduleJob(job, input.sentAt);
        return notice;
      },
      { transaction: true },
    );
  }

  getNotice(id: number): Promise<Notice | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM notices WHERE id = ?', id);
      return row ? toNotice(row) : null;
    });
  }

  listNotices(options: {
    platformOrgId?: number;
    caseId?: number;
    screeningId?: string;
    states?: readonly NoticeState[];
    limit: number;
  }): Promise<Notice[]> {
    const states = options.states;
    const stateFilter =
      states === undefined
        ? ''
        : states.length === 0
          ? ' AND 1 = 0'
          : ` AND state IN (${states.map(() => '?').join(', ')})`;
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM notices
          WHERE (CAST(? AS BIGINT) IS NULL OR platform_org_id = ?)
            AND (CAST(? AS BIGINT) IS NULL OR case_id = ?)
            AND (CAST(? AS TEXT) IS NULL OR screening_id = ?)${stateFilter}
          ORDER BY deadline_at, id LIMIT ?`,
        options.platformOrgId ?? null,
        options.platformOrgId ?? null,
        options.caseId ?? null,
        options.caseId ?? null,
        options.screeningId ?? null,
        options.screeningId ?? null,
        ...(states ?? []),
        options.limit,
      );
      return rows.map(toNotice);
    });
  }

  transition(
    id: number,
    from: NoticeState,
    to: NoticeState,
    event: NoticeEventRecord['event'],
    meta: { at: string; actor: string; note?: string; disputeReason?: string },
  ): Promise<Notice | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `UPDATE notices SET state = ?, updated_at = ?,
                  removed_at = CASE WHEN CAST(? AS TEXT) = 'removed' THEN ? ELSE removed_at END,
                  dispute_reason = COALESCE(?, dispute_reason)
            WHERE id = ? AND state = ? RETURNING *`,
          to,
          meta.at,
          to,
          meta.at,
          meta.disputeReason ?? null,
          id,
          from,
        );
        if (!row) return null;
        yield* insertEvent({
          noticeId: id,
          event,
          fromState: from,
          toState: to,
          at: meta.at,
          actor: meta.actor,
          note: meta.note ?? null,
        });
        yield* audit({
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
      },
      { transaction: true },
    );
  }

  async recordEvent(record: NoticeEventRecord): Promise<void> {
    await this.sql.perform(() => insertEvent(record));
  }

  listEvents(noticeId: number): Promise<NoticeEventRecord[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        'SELECT * FROM notice_events WHERE notice_id = ? ORDER BY id',
        noticeId,
      );
      return rows.map(toEvent);
    });
  }
}
