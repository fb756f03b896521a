import {
  AppError,
  type Monitor,
  type MonitorEvent,
  type MonitorFinding,
  type MonitorRunStats,
  type MonitorStore,
  type SeenUrl,
  type Verdict,
} from '@haechi/core';
import { toEvent, toFinding, toMonitor, toSeen } from '../rows/monitor-rows.js';
import { all, audit, get, isUniqueViolation, run, type SqlRunner } from '../sql/statements.js';

type Row = Record<string, unknown>;

/** {@link MonitorStore} on either backend; the audit log records ids and settings, never a found URL. */
export class SqlMonitorStore implements MonitorStore {
  constructor(private readonly sql: SqlRunner) {}

  createMonitor(
    input: Parameters<MonitorStore['createMonitor']>[0],
    actor: string,
  ): Promise<Monitor> {
    return this.sql.perform(
      function* () {
        let row: Row | undefined;
        try {
          row = yield* get(
            `INSERT INTO monitors (name, kind, org_id, config, interval_seconds, status, created_at)
             VALUES (?, ?, ?, ?, ?, 'active', ?) RETURNING *`,
            input.name,
            input.kind,
            input.orgId,
            JSON.stringify(input.config),
            input.intervalSeconds,
            input.createdAt,
          );
        } catch (error) {
          if (isUniqueViolation(error))
            throw new AppError('monitor_exists', `a monitor named "${input.name}" exists`);
          throw error;
        }
        const monitor = toMonitor(row as Row);
        // Overriding robots.txt is recorded with its authority, as the law-enforcement use requires.
        yield* audit({
          at: input.createdAt,
          actor,
          action: 'monitor.created',
          objectType: 'monitor',
          objectId: String(monitor.id),
          beforeDigest: null,
          afterDigest: null,
          details: {
            kind: monitor.kind,
            orgId: monitor.orgId,
            respectRobots: monitor.config.respectRobots,
            ...(monitor.config.authorisation
              ? { authorisation: monitor.config.authorisation }
              : {}),
          },
        });
        return monitor;
      },
      { transaction: true },
    );
  }

  getMonitor(id: number): Promise<Monitor | null> {
    return this.sql.perform(function* () {
      const row = yield* get('SELECT * FROM monitors WHERE id = ?', id);
      return row ? toMonitor(row) : null;
    });
  }

  listMonitors(): Promise<Monitor[]> {
    return this.sql.perform(function* () {
      return (yield* all('SELECT * FROM monitors ORDER BY id')).map(toMonitor);
    });
  }

  setMonitorStatus(
    id: number,
    status: Monitor['status'],
    meta: { at: string; actor: string },
  ): Promise<Monitor | null> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          'UPDATE monitors SET status = ? WHERE id = ? AND status <> ? RETURNING *',
          status,
          id,
          status,
        );
        if (!row) return null;
        yield* audit({
          at: meta.at,
          actor: meta.actor,
          action: status === 'paused' ? 'monitor.paused' : 'monitor.resumed',
          objectType: 'monitor',
          objectId: String(id),
          beforeDigest: null,
          afterDigest: null,
          details: {},
        });
        return toMonitor(row);
      },
      { transaction: true },
    );
  }

  recordRun(
    id: number,
    outcome: { at: string; stats: MonitorRunStats; error: string | null },
  ): Promise<Monitor> {
    return this.sql.perform(function* () {
      const row = yield* get(
        `UPDATE monitors SET last_run_at = ?, last_run = ?, last_error = ?,
           failures = CASE WHEN CAST(? AS TEXT) IS NULL THEN 0 ELSE failures + 1 END,
           runs = runs + 1, items_seen = items_seen + ?, matches = matches + ?, errors = errors + ?
         WHERE id = ? RETURNING *`,
        outcome.at,
        JSON.stringify(outcome.stats),
        outcome.error,
        outcome.error,
        outcome.stats.media,
        outcome.stats.matches,
        outcome.stats.errors + (outcome.error ? 1 : 0),
        id,
      );
      if (!row) throw new AppError('not_found', `no monitor ${id}`);
      return toMonitor(row);
    });
  }

  getSeen(monitorId: number, url: string): Promise<SeenUrl | null> {
    return this.sql.perform(function* () {
      const row = yield* get(
        'SELECT * FROM monitor_seen WHERE monitor_id = ? AND url = ?',
        monitorId,
        url,
      );
      return row ? toSeen(row) : null;
    });
  }

  async putSeen(record: SeenUrl): Promise<void> {
    await this.sql.perform(() =>
      run(
        `INSERT INTO monitor_seen (monitor_id, url, etag, last_modified, sha256, verdict, findings, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (monitor_id, url) DO UPDATE SET etag = excluded.etag,
           last_modified = excluded.last_modified, sha256 = excluded.sha256,
           verdict = excluded.verdict, findings = excluded.findings,
           fetched_at = excluded.fetched_at`,
        record.monitorId,
        record.url,
        record.etag,
        record.lastModified,
        record.sha256,
        record.verdict,
        record.findings,
        record.fetchedAt,
      ),
    );
  }

  verdictOfContent(
    sha256: string,
  ): Promise<{ verdict: Verdict; screeningId: string | null } | null> {
    return this.sql.perform(function* () {
      const seen = yield* get<{ verdict: Verdict }>(
        'SELECT verdict FROM monitor_seen WHERE sha256 = ? AND verdict IS NOT NULL LIMIT 1',
        sha256,
      );
      if (!seen) return null;
      const finding = yield* get<{ screening_id: string | null }>(
        'SELECT screening_id FROM monitor_findings WHERE sha256 = ? ORDER BY id LIMIT 1',
        sha256,
      );
      return { verdict: seen.verdict, screeningId: finding?.screening_id ?? null };
    });
  }

  addFinding(finding: Omit<MonitorFinding, 'id'>, actor: string): Promise<MonitorFinding> {
    return this.sql.perform(
      function* () {
        const row = yield* get(
          `INSERT INTO monitor_findings (monitor_id, url, page_url, published_at, seen_at, sha256, pdq, verdict, screening_id, notice_id, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          finding.monitorId,
          finding.url,
          finding.pageUrl,
          finding.publishedAt,
          finding.seenAt,
          finding.sha256,
          finding.pdq,
          finding.verdict,
          finding.screeningId,
          finding.noticeId,
          finding.status,
        );
        const saved = toFinding(row as Row);
        yield* audit({
          at: finding.seenAt,
          actor,
          action: 'monitor.found',
          objectType: 'monitor',
          objectId: String(finding.monitorId),
          beforeDigest: null,
          afterDigest: null,
          details: {
            findingId: saved.id,
            verdict: saved.verdict,
            sha256: saved.sha256,
            noticeId: saved.noticeId,
          },
        });
        return saved;
      },
      { transaction: true },
    );
  }

  listFindings(options: {
    monitorId?: number;
    status?: MonitorFinding['status'];
    limit: number;
  }): Promise<MonitorFinding[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        `SELECT * FROM monitor_findings
          WHERE (CAST(? AS BIGINT) IS NULL OR monitor_id = ?) AND (CAST(? AS TEXT) IS NULL OR status = ?)
          ORDER BY id LIMIT ?`,
        options.monitorId ?? null,
        options.monitorId ?? null,
        options.status ?? null,
        options.status ?? null,
        options.limit,
      );
      return rows.map(toFinding);
    });
  }

  addEvent(
    monitorId: number,
    url: string,
    publishedAt: string | null,
    at: string,
  ): Promise<MonitorEvent> {
    return this.sql.perform(function* () {
      const row = yield* get(
        'INSERT INTO monitor_events (monitor_id, url, published_at, received_at) VALUES (?, ?, ?, ?) RETURNING *',
        monitorId,
        url,
        publishedAt,
        at,
      );
      return toEvent(row as Row);
    });
  }

  pendingEvents(monitorId: number, limit: number): Promise<MonitorEvent[]> {
    return this.sql.perform(function* () {
      const rows = yield* all(
        'SELECT * FROM monitor_events WHERE monitor_id = ? AND processed_at IS NULL ORDER BY id LIMIT ?',
        monitorId,
        limit,
      );
      return rows.map(toEvent);
    });
  }

  async markEventProcessed(id: number, at: string): Promise<void> {
    await this.sql.perform(() =>
      run('UPDATE monitor_events SET processed_at = ? WHERE id = ?', at, id),
    );
  }
}
