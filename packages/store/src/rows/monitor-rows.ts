import {
  FINDING_STATUSES,
  MONITOR_KINDS,
  MONITOR_STATUSES,
  VERDICTS,
  type Monitor,
  type MonitorConfig,
  type MonitorEvent,
  type MonitorFinding,
  type MonitorRunStats,
  type SeenUrl,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the monitor store's tables as its record: one mapping for both backends. */
export const toMonitor = (row: Row): Monitor => {
  const r = readRow('monitors', row);
  const lastRun = r.objectOrNull('last_run');
  return {
    id: r.int('id'),
    name: r.text('name'),
    kind: r.oneOf('kind', MONITOR_KINDS),
    orgId: r.int('org_id'),
    // Written by this store only, from a configuration the monitor service validated.
    config: r.json('config') as MonitorConfig,
    intervalSeconds: r.int('interval_seconds'),
    status: r.oneOf('status', MONITOR_STATUSES),
    createdAt: r.text('created_at'),
    lastRunAt: r.textOrNull('last_run_at'),
    lastRun: lastRun && runStats(lastRun),
    lastError: r.textOrNull('last_error'),
    failures: r.int('failures'),
    totals: {
      runs: r.int('runs'),
      itemsSeen: r.int('items_seen'),
      matches: r.int('matches'),
      errors: r.int('errors'),
    },
  };
};

/** A run's counters; one missing from an older row reads as 0. */
const runStats = (stats: Record<string, unknown>): MonitorRunStats => {
  const count = (name: keyof MonitorRunStats): number => {
    const value = stats[name];
    return typeof value === 'number' ? value : 0;
  };
  return {
    pages: count('pages'),
    notModified: count('notModified'),
    media: count('media'),
    screened: count('screened'),
    skipped: count('skipped'),
    matches: count('matches'),
    errors: count('errors'),
    robotsBlocked: count('robotsBlocked'),
  };
};

export const toSeen = (row: Row): SeenUrl => {
  const r = readRow('monitor_seen', row);
  return {
    monitorId: r.int('monitor_id'),
    url: r.text('url'),
    etag: r.textOrNull('etag'),
    lastModified: r.textOrNull('last_modified'),
    sha256: r.textOrNull('sha256'),
    verdict: r.oneOfOrNull('verdict', VERDICTS),
    findings: r.textOrNull('findings'),
    fetchedAt: r.text('fetched_at'),
  };
};

export const toFinding = (row: Row): MonitorFinding => {
  const r = readRow('monitor_findings', row);
  return {
    id: r.int('id'),
    monitorId: r.int('monitor_id'),
    url: r.text('url'),
    pageUrl: r.textOrNull('page_url'),
    publishedAt: r.textOrNull('published_at'),
    seenAt: r.text('seen_at'),
    sha256: r.text('sha256'),
    pdq: r.textOrNull('pdq'),
    verdict: r.oneOf('verdict', VERDICTS),
    screeningId: r.textOrNull('screening_id'),
    noticeId: r.intOrNull('notice_id'),
    status: r.oneOf('status', FINDING_STATUSES),
  };
};

export const toEvent = (row: Row): MonitorEvent => {
  const r = readRow('monitor_events', row);
  return {
    id: r.int('id'),
    monitorId: r.int('monitor_id'),
    url: r.text('url'),
    publishedAt: r.textOrNull('published_at'),
    receivedAt: r.text('received_at'),
  };
};
