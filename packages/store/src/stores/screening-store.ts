import type {
  DetectionOutcome,
  ScreeningHold,
  ScreeningRecord,
  ScreeningStore,
} from '@haechi/core';
import { insertSealedMedia } from './evidence-store.js';
import { insertReviewItem } from './review-store.js';
import { toRecord } from '../rows/screening-rows.js';
import { auditDigest } from '../sqlite/sqlite-audit-log.js';
import { all, audit, get, run, type SqlRunner } from '../sql/statements.js';

/** {@link ScreeningStore} on either backend: each record with its audit entry, atomically. */
export class SqlScreeningStore implements ScreeningStore {
  constructor(
    private readonly sql: SqlRunner,
    /** Closes the connection the stores share (once, whichever store asks). */
    private readonly closeConnection: () => void | Promise<void>,
  ) {}

  async saveScreening(
    record: ScreeningRecord,
    actor = 'system',
    hold: ScreeningHold = { media: null, reviewItem: null },
  ): Promise<void> {
    await this.sql.perform(
      function* () {
        yield* run(
          `INSERT INTO screenings (id, org_id, content_id, url, verdict, media_kind, status, evidence, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        yield* audit({
          at: record.createdAt,
          actor,
          action: 'screening.recorded',
          objectType: 'screening',
          objectId: record.id,
          beforeDigest: null,
          afterDigest: auditDigest(record),
          details: { orgId: record.orgId, verdict: record.verdict, mediaKind: record.mediaKind },
        });
        if (hold.media) yield* insertSealedMedia(hold.media, 'system');
        if (hold.reviewItem) yield* insertReviewItem(hold.reviewItem, 'system');
      },
      // Every match is recorded here: the hottest writer of the audit chain.
      { transaction: true, groupCommit: true },
    );
  }

  getScreening(id: string): Promise<ScreeningRecord | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM screenings WHERE id = ?', id);
      return row ? toRecord(row) : null;
    });
  }

  completeDetection(
    id: string,
    outcome: DetectionOutcome,
    hold: ScreeningHold = { media: null, reviewItem: null },
    at = new Date().toISOString(),
  ): Promise<boolean> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `SELECT * FROM screenings WHERE id = ? AND status = 'detecting'`,
          id,
        );
        if (!row) return false;
        const before = toRecord(row);
        const after: ScreeningRecord = { ...before, ...outcome };
        yield* run(
          `UPDATE screenings SET verdict = ?, status = ?, evidence = ? WHERE id = ? AND status = 'detecting'`,
          outcome.verdict,
          outcome.status,
          JSON.stringify(outcome.evidence),
          id,
        );
        yield* audit({
          at,
          actor: 'system',
          action: 'screening.detected',
          objectType: 'screening',
          objectId: id,
          beforeDigest: auditDigest(before),
          afterDigest: auditDigest(after),
          details: { orgId: before.orgId, from: before.verdict, verdict: outcome.verdict },
        });
        if (hold.media) yield* insertSealedMedia(hold.media, 'system');
        if (hold.reviewItem) yield* insertReviewItem(hold.reviewItem, 'system');
        return true;
      },
      { transaction: true },
    );
  }

  listStaleDetections(before: string, limit: number): Promise<ScreeningRecord[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM screenings WHERE status = 'detecting' AND created_at < ?
          ORDER BY created_at LIMIT ?`,
        before,
        limit,
      );
      return rows.map(toRecord);
    });
  }

  async markReviewed(id: string): Promise<void> {
    await this.sql.perform(() =>
      run(`UPDATE screenings SET status = 'final' WHERE id = ? AND status = 'pending_review'`, id),
    );
  }

  listScreenings(
    orgId: number,
    options: { limit: number; before?: string },
  ): Promise<ScreeningRecord[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM screenings WHERE org_id = ? AND created_at < ?
          ORDER BY created_at DESC, id DESC LIMIT ?`,
        orgId,
        options.before ?? '9999',
        options.limit,
      );
      return rows.map(toRecord);
    });
  }

  async close(): Promise<void> {
    await this.closeConnection();
  }
}
