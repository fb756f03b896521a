import type { Verdict } from '../policy/policy-schema.js';

/** The kinds of source a monitor watches. Persisted: never renamed. */
export const MONITOR_KINDS = ['html', 'feed', 'sitemap', 'folder', 'webhook'] as const;
export const MONITOR_STATUSES = ['active', 'paused'] as const;
/** A finding either got a notice or waits for a case to claim its URL. */
export const FINDING_STATUSES = ['notice_sent', 'unassigned'] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];

export interface MonitorConfig {
  /** html: pages to start from; feed: feeds; sitemap: sitemaps (or sitemap indexes). */
  readonly startUrls: readonly string[];
  /** How many links deep to follow pages within the start pages' hosts (0: the start pages only). */
  readonly maxDepth: number;
  /** Most pages (documents, not media) one run reads. */
  readonly maxPages: number;
  /** Most media one run fetches and screens (the rest wait for the next run). */
  readonly maxItems: number;
  /** folder: the directory read (a mounted seized device, an exported chat). */
  readonly folder?: string;
  /** webhook: the platform whose posted uploads this monitor screens. */
  readonly platformOrgId?: number;
  /** robots.txt is obeyed unless an authorised law-enforcement use says otherwise (audited). */
  readonly respectRobots: boolean;
  readonly authorisation?: string;
  /** Least time between two requests to one host. */
  readonly minIntervalMs: number;
  /** Time limit of one request. */
  readonly fetchTimeoutMs: number;
}

export interface MonitorRunStats {
  readonly pages: number;
  readonly notModified: number;
  readonly media: number;
  readonly screened: number;
  readonly skipped: number;
  readonly matches: number;
  readonly errors: number;
  readonly robotsBlocked: number;
}

export interface Monitor {
  readonly id: number;
  readonly name: string;
  readonly kind: MonitorKind;
  /** The organisation that runs it (an operator, the regulator, the police). */
  readonly orgId: number;
  readonly config: MonitorConfig;
  readonly intervalSeconds: number;
  readonly status: (typeof MONITOR_STATUSES)[number];
  readonly createdAt: string;
  readonly lastRunAt: string | null;
  readonly lastRun: MonitorRunStats | null;
  readonly lastError: string | null;
  /** Runs that failed in a row (the next waits longer: backoff). */
  readonly failures: number;
  readonly totals: {
    readonly runs: number;
    readonly itemsSeen: number;
    readonly matches: number;
    readonly errors: number;
  };
}

/** What a monitor already fetched: its validators, and what the content was. */
export interface SeenUrl {
  readonly monitorId: number;
  readonly url: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Media only: the content's SHA-256 and the verdict it got (null: unreadable). */
  readonly sha256: string | null;
  readonly verdict: Verdict | null;
  /**
   * Documents only: what the page, feed or sitemap linked to when last read (JSON), so an
   * unchanged document (304) is still followed without being downloaded again.
   */
  readonly findings: string | null;
  readonly fetchedAt: string;
}

/** A non-allow item a monitor found: kept for the evidence record (never the media itself). */
export interface MonitorFinding {
  readonly id: number;
  readonly monitorId: number;
  readonly url: string;
  readonly pageUrl: string | null;
  readonly publishedAt: string | null;
  readonly seenAt: string;
  readonly sha256: string;
  readonly pdq: string | null;
  readonly verdict: Verdict;
  readonly screeningId: string | null;
  /** The notice sent to the hosting platform; null when no platform hosts it. */
  readonly noticeId: number | null;
  /** `unassigned`: no platform hosts it, so it waits in the counsellors' queue. */
  readonly status: (typeof FINDING_STATUSES)[number];
}

/** An upload a platform told us about (the webhook source), waiting for its monitor's next run. */
export interface MonitorEvent {
  readonly id: number;
  readonly monitorId: number;
  readonly url: string;
  readonly publishedAt: string | null;
  readonly receivedAt: string;
}

/**
 * Monitors and what they saw. Contract: creating, pausing and resuming a monitor and every finding
 * append to the audit log; seen URLs are the monitor's durable cursor, so a restarted server
 * continues where it stopped without fetching again what it saw.
 */
export interface MonitorStore {
  createMonitor(
    input: Omit<
      Monitor,
      'id' | 'status' | 'lastRunAt' | 'lastRun' | 'lastError' | 'failures' | 'totals'
    >,
    actor: string,
  ): Promise<Monitor>;
  getMonitor(id: number): Promise<Monitor | null>;
  listMonitors(): Promise<Monitor[]>;
  setMonitorStatus(
    id: number,
    status: Monitor['status'],
    meta: { at: string; actor: string },
  ): Promise<Monitor | null>;
  recordRun(
    id: number,
    run: { at: string; stats: MonitorRunStats; error: string | null },
  ): Promise<Monitor>;

  getSeen(monitorId: number, url: string): Promise<SeenUrl | null>;
  putSeen(record: SeenUrl): Promise<void>;
  /** A verdict any monitor gave content with this SHA-256 (so the same bytes are screened once). */
  verdictOfContent(
    sha256: string,
  ): Promise<{ verdict: Verdict; screeningId: string | null } | null>;

  addFinding(finding: Omit<MonitorFinding, 'id'>, actor: string): Promise<MonitorFinding>;
  listFindings(options: {
    monitorId?: number;
    status?: MonitorFinding['status'];
    limit: number;
  }): Promise<MonitorFinding[]>;

  addEvent(
    monitorId: number,
    url: string,
    publishedAt: string | null,
    at: string,
  ): Promise<MonitorEvent>;
  /** Unprocessed events, oldest first. */
  pendingEvents(monitorId: number, limit: number): Promise<MonitorEvent[]>;
  markEventProcessed(id: number, at: string): Promise<void>;
}
