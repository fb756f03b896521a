import type { Monitor, MonitorEvent, MonitorFinding, SeenUrl, Verdict } from '@haechi/core';

/** A row of the monitor store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toMonitor = (r: Row): Monitor => ({
  id: r['id'] as number,
  name: r['name'] as string,
  kind: r['kind'] as Monitor['kind'],
  orgId: r['org_id'] as number,
  config: JSON.parse(r['config'] as string) as Monitor['config'],
  intervalSeconds: r['interval_seconds'] as number,
  status: r['status'] as Monitor['status'],
  createdAt: r['created_at'] as string,
  lastRunAt: (r['last_run_at'] as string | null) ?? null,
  lastRun: r['last_run'] ? (JSON.parse(r['last_run'] as string) as Monitor['lastRun']) : null,
  lastError: (r['last_error'] as string | null) ?? null,
  failures: r['failures'] as number,
  totals: {
    runs: r['runs'] as number,
    itemsSeen: r['items_seen'] as number,
    matches: r['matches'] as number,
    errors: r['errors'] as number,
  },
});

export const toSeen = (r: Row): SeenUrl => ({
  monitorId: r['monitor_id'] as number,
  url: r['url'] as string,
  etag: (r['etag'] as string | null) ?? null,
  lastModified: (r['last_modified'] as string | null) ?? null,
  sha256: (r['sha256'] as string | null) ?? null,
  verdict: (r['verdict'] as Verdict | null) ?? null,
  findings: (r['findings'] as string | null) ?? null,
  fetchedAt: r['fetched_at'] as string,
});

export const toFinding = (r: Row): MonitorFinding => ({
  id: r['id'] as number,
  monitorId: r['monitor_id'] as number,
  url: r['url'] as string,
  pageUrl: (r['page_url'] as string | null) ?? null,
  publishedAt: (r['published_at'] as string | null) ?? null,
  seenAt: r['seen_at'] as string,
  sha256: r['sha256'] as string,
  pdq: (r['pdq'] as string | null) ?? null,
  verdict: r['verdict'] as Verdict,
  screeningId: (r['screening_id'] as string | null) ?? null,
  noticeId: (r['notice_id'] as number | null) ?? null,
  status: r['status'] as MonitorFinding['status'],
});

export const toEvent = (r: Row): MonitorEvent => ({
  id: r['id'] as number,
  monitorId: r['monitor_id'] as number,
  url: r['url'] as string,
  publishedAt: (r['published_at'] as string | null) ?? null,
  receivedAt: r['received_at'] as string,
});
