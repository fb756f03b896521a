import {
  AppError,
  type Monitor,
  type MonitorEvent,
  type MonitorFinding,
  type MonitorStore,
  type SeenUrl,
  type Verdict,
} from '@haechi/core';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { inTransaction, type PostgresPool } from './postgres-pool.js';
import { Db } from './dollar-params.js';
import { toMonitor, toSeen, toFinding, toEvent } from '../rows/monitor-rows.js';

type Row = Record<string, unknown>;

/** {@link MonitorStore} on PostgreSQL; the audit log records ids and settings, never a found URL. */
export class PostgresMonitorStore implements MonitorStore {
  private readonly audit: PostgresAuditLog;

  constructor(private readonly pool: PostgresPool) {
    this.audit = new PostgresAuditLog(pool);
  }

  async createMonitor(
    input: Parameters<MonitorStore['createMonitor']>[0],
    actor: string,
  ): Promise<Monitor> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      let row: Row;
      try {
        row = (await db
          .prepare(
            `INSERT INTO monitors (name, kind, org_id, config, interval_seconds, status, created_at)
               VALUES (?, ?, ?, ?, ?, 'active', ?) RETURNING *`,
          )
          .get(
            input.name,
            input.kind,
            input.orgId,
            JSON.stringify(input.config),
            input.intervalSeconds,
            input.createdAt,
          )) as Row;
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('monitor_exists', `a monitor named "${input.name}" exists`);
        throw error;
      }
      const monitor = toMonitor(row);
      // Overriding robots.txt is recorded with its authority, as the law-enforcement use requires.
      await db.audit({
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
          ...(monitor.config.authorisation ? { authorisation: monitor.config.authorisation } : {}),
        },
      });
      return monitor;
    });
  }

  async getMonitor(id: number): Promise<Monitor | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db.prepare('SELECT * FROM monitors WHERE id = ?').get(id)) as
      Row | undefined;
    return row ? toMonitor(row) : null;
  }

  async listMonitors(): Promise<Monitor[]> {
    const db = new Db(this.pool, this.audit);
    return ((await db.prepare('SELECT * FROM monitors ORDER BY id').all()) as Row[]).map(toMonitor);
  }

  async setMonitorStatus(
    id: number,
    status: Monitor['status'],
    meta: { at: string; actor: string },
  ): Promise<Monitor | null> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare('UPDATE monitors SET status = ? WHERE id = ? AND status <> ? RETURNING *')
        .get(status, id, status)) as Row | undefined;
      if (!row) return null;
      await db.audit({
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
    });
  }

  async recordRun(
    id: number,
    run: { at: string; stats: Monitor['lastRun'] & object; error: string | null },
  ): Promise<Monitor> {
    const db = new Db(this.pool, this.audit);
    const row = (await db
      .prepare(
        `UPDATE monitors SET last_run_at = ?, last_run = ?, last_error = ?,
           failures = CASE WHEN ?::text IS NULL THEN 0 ELSE failures + 1 END,
           runs = runs + 1, items_seen = items_seen + ?, matches = matches + ?, errors = errors + ?
         WHERE id = ? RETURNING *`,
      )
      .get(
        run.at,
        JSON.stringify(run.stats),
        run.error,
        run.error,
        run.stats.media,
        run.stats.matches,
        run.stats.errors + (run.error ? 1 : 0),
        id,
      )) as Row | undefined;
    if (!row) throw new AppError('not_found', `no monitor ${id}`);
    return toMonitor(row);
  }

  async getSeen(monitorId: number, url: string): Promise<SeenUrl | null> {
    const db = new Db(this.pool, this.audit);
    const row = (await db
      .prepare('SELECT * FROM monitor_seen WHERE monitor_id = ? AND url = ?')
      .get(monitorId, url)) as Row | undefined;
    return row ? toSeen(row) : null;
  }

  async putSeen(record: SeenUrl): Promise<void> {
    const db = new Db(this.pool, this.audit);
    await db
      .prepare(
        `INSERT INTO monitor_seen (monitor_id, url, etag, last_modified, sha256, verdict, findings, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (monitor_id, url) DO UPDATE SET etag = excluded.etag,
           last_modified = excluded.last_modified, sha256 = excluded.sha256,
           verdict = excluded.verdict, findings = excluded.findings,
           fetched_at = excluded.fetched_at`,
      )
      .run(
        record.monitorId,
        record.url,
        record.etag,
        record.lastModified,
        record.sha256,
        record.verdict,
        record.findings,
        record.fetchedAt,
      );
  }

  async verdictOfContent(
    sha256: string,
  ): Promise<{ verdict: Verdict; screeningId: string | null } | null> {
    const db = new Db(this.pool, this.audit);
    const seen = (await db
      .prepare('SELECT verdict FROM monitor_seen WHERE sha256 = ? AND verdict IS NOT NULL LIMIT 1')
      .get(sha256)) as { verdict: Verdict } | undefined;
    if (!seen) return null;
    const finding = (await db
      .prepare('SELECT screening_id FROM monitor_findings WHERE sha256 = ? ORDER BY id LIMIT 1')
      .get(sha256)) as { screening_id: string | null } | undefined;
    return { verdict: seen.verdict, screeningId: finding?.screening_id ?? null };
  }

  async addFinding(finding: Omit<MonitorFinding, 'id'>, actor: string): Promise<MonitorFinding> {
    return inTransaction(this.pool, async (client) => {
      const db = new Db(client, this.audit);
      const row = (await db
        .prepare(
          `INSERT INTO monitor_findings (monitor_id, url, page_url, published_at, seen_at, sha256, pdq, verdict, screening_id, notice_id, status)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
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
        )) as Row;
      const saved = toFinding(row);
      await db.audit({
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
    });
  }

  async listFindings(options: {
    monitorId?: number;
    status?: MonitorFinding['status'];
    limit: number;
  }): Promise<MonitorFinding[]> {
    const db = new Db(this.pool, this.audit);
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.monitorId !== undefined) {
      where.push('monitor_id = ?');
      params.push(options.monitorId);
    }
    if (options.status) {
      where.push('status = ?');
      params.push(options.status);
    }
    const sql = `SELECT * FROM monitor_findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    return ((await db.prepare(sql).all(...params, options.limit)) as Row[]).map(toFinding);
  }

  async addEvent(
    monitorId: number,
    url: string,
    publishedAt: string | null,
    at: string,
  ): Promise<MonitorEvent> {
    const db = new Db(this.pool, this.audit);
    return toEvent(
      (await db
        .prepare(
          'INSERT INTO monitor_events (monitor_id, url, published_at, received_at) VALUES (?, ?, ?, ?) RETURNING *',
        )
        .get(monitorId, url, publishedAt, at)) as Row,
    );
  }

  async pendingEvents(monitorId: number, limit: number): Promise<MonitorEvent[]> {
    const db = new Db(this.pool, this.audit);
    return (
      (await db
        .prepare(
          'SELECT * FROM monitor_events WHERE monitor_id = ? AND processed_at IS NULL ORDER BY id LIMIT ?',
        )
        .all(monitorId, limit)) as Row[]
    ).map(toEvent);
  }

  async markEventProcessed(id: number, at: string): Promise<void> {
    const db = new Db(this.pool, this.audit);
    await db.prepare('UPDATE monitor_events SET processed_at = ? WHERE id = ?').run(at, id);
  }
}
