import { createHash } from 'node:crypto';
import {
  AppError,
  type JobStore,
  type Monitor,
  type MonitorRunStats,
  type MonitorStore,
  type Verdict,
} from '@haechi/core';
import {
  ALLOW_ALL,
  DISALLOW_ALL,
  HostPacer,
  backoffMs,
  readRobots,
  type RobotsRules,
  type SourceFindings,
} from '@haechi/monitor';
import type { Logger } from '../../logging/logger.js';
import {
  checkPublicUrl,
  type OutboundFetch,
  type OutboundOptions,
} from '../../services/outbound/outbound-fetch.js';
import { politeFetch, type PoliteResponse } from './polite-fetch.js';
import type { MonitorNotices, MonitorScreening } from './monitor-ports.js';
import { adapterFor, type FoundItem } from './source-adapters.js';
import { newJob, type ServerJobHandlers } from '../../services/jobs/job-kinds.js';

export interface MonitorServiceDeps {
  readonly store: MonitorStore;
  readonly jobs: JobStore;
  readonly screening: MonitorScreening;
  readonly notices: MonitorNotices;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Where monitors may connect: private addresses only in tests and the demo, never in production. */
  readonly outbound: OutboundOptions;
  /** Every fetch goes through it: public addresses only, checked at each connection. */
  readonly fetch: OutboundFetch;
  /** The largest media (and document) a monitor fetches. */
  readonly maxBytes: number;
  /** Waits (the tests' clock may not move in real time, so waiting is injectable). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const ROBOTS_TTL_MS = 3_600_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs monitors: each run asks its source for media, fetches each new item politely (robots.txt,
 * one host at a time at the monitor's pace, conditional requests), screens it, and on a non-allow
 * verdict sends a notice to the platform hosting it, or leaves it in the counsellors' queue when no
 * platform does. A run's end schedules the next (later after failures), as a durable job.
 */
export class MonitorService {
  private readonly pacers = new Map<number, HostPacer>();
  private readonly robots = new Map<string, { rules: RobotsRules; until: number }>();
  private readonly running = new Set<number>();

  constructor(private readonly deps: MonitorServiceDeps) {}

  /** A monitor's start pages must be public addresses (each fetch checks again when it connects). */
  async checkStartUrls(urls: readonly string[]): Promise<void> {
    for (const url of urls) await checkPublicUrl(url, this.deps.outbound, 'startUrls');
  }

  handlers(): Pick<ServerJobHandlers, 'monitor.run'> {
    return { 'monitor.run': (job) => this.runScheduled(job.payload.monitorId) };
  }

  /** Makes sure each active monitor has its next run queued (at start, and after a resume). */
  async scheduleAll(): Promise<void> {
    for (const monitor of await this.deps.store.listMonitors())
      if (monitor.status === 'active') await this.schedule(monitor, 0);
  }

  async schedule(monitor: Monitor, delayMs: number): Promise<void> {
    const at = this.deps.now();
    await this.deps.jobs.schedule(
      newJob('monitor.run', {
        runAt: new Date(at.getTime() + delayMs).toISOString(),
        payload: { monitorId: monitor.id },
        dedupeKey: `monitor:${monitor.id}:run`,
      }),
      at.toISOString(),
    );
  }

  private async runScheduled(monitorId: number): Promise<void> {
    const monitor = await this.deps.store.getMonitor(monitorId);
    if (!monitor || monitor.status !== 'active') return; // paused: resume schedules it again
    const after = await this.run(monitor);
    const delay =
      after.failures > 0
        ? backoffMs(after.failures, after.intervalSeconds * 1000, MAX_BACKOFF_MS)
        : after.intervalSeconds * 1000;
    if (after.status === 'active') await this.schedule(after, delay);
  }

  /** One run of the monitor, now. Returns the monitor with its run recorded. */
  async run(monitor: Monitor): Promise<Monitor> {
    if (this.running.has(monitor.id))
      throw new AppError('invalid_transition', `monitor ${monitor.id} is already running`);
    this.running.add(monitor.id);
    const stats = {
      pages: 0,
      notModified: 0,
      media: 0,
      screened: 0,
      skipped: 0,
      matches: 0,
      errors: 0,
      robotsBlocked: 0,
    };
    let failure: string | null = null;
    try {
      const context = {
        monitor,
        store: this.deps.store,
        now: this.deps.now,
        readDocument: (url: string, read: (body: string, url: string) => SourceFindings) =>
          this.readDocument(monitor, url, read, stats),
      };
      let items = 0;
      for await (const item of adapterFor(monitor).discover(context)) {
        if (items >= monitor.config.maxItems) break;
        items++;
        try {
          await this.handle(monitor, item, stats);
        } catch (error) {
          stats.errors++;
          this.deps.logger.warn({
            msg: 'monitor item failed',
            monitorId: monitor.id,
            err: (error as Error).message,
          });
        }
      }
    } catch (error) {
      // The source itself failed (its first page, its folder): the run failed; back off.
      failure = (error as Error).message;
    } finally {
      this.running.delete(monitor.id);
    }
    const recorded = await this.deps.store.recordRun(monitor.id, {
      at: this.deps.now().toISOString(),
      stats: stats satisfies MonitorRunStats,
      error: failure,
    });
    this.deps.logger.info({
      msg: 'monitor ran',
      monitorId: monitor.id,
      ...stats,
      failed: failure !== null,
    });
    return recorded;
  }

  private async handle(
    monitor: Monitor,
    item: FoundItem,
    stats: {
      media: number;
      screened: number;
      skipped: number;
      matches: number;
      robotsBlocked: number;
    },
  ): Promise<void> {
    const seen = await this.deps.store.getSeen(monitor.id, item.url);
    // Seen before (and unchanged, for a file): not fetched again, not screened again.
    if (
      seen &&
      seen.sha256 !== null &&
      (item.version === undefined || seen.etag === item.version)
    ) {
      stats.skipped++;
      await item.done?.();
      return;
    }
    let bytes: Uint8Array;
    let validators: Pick<PoliteResponse, 'etag' | 'lastModified'> = {
      etag: null,
      lastModified: null,
    };
    if (item.read) {
      bytes = await item.read();
      validators = { etag: item.version ?? null, lastModified: null };
    } else {
      if (!(await this.allowedByRobots(monitor, item.url))) {
        stats.robotsBlocked++;
        await item.done?.();
        return;
      }
      const response = await this.fetchPolitely(monitor, item.url);
      if (response.status !== 200 || !response.body) {
        if (response.status === 404 || response.status === 410) await item.done?.();
        throw new Error(`${item.url} answered ${response.status}`);
      }
      bytes = response.body;
      validators = { etag: response.etag, lastModified: response.lastModified };
    }
    stats.media++;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const at = this.deps.now().toISOString();
    // The same bytes under another URL: the verdict is known; screen once, notice every copy.
    const known = await this.deps.store.verdictOfContent(sha256);
    let verdict: Verdict;
    let screeningId: string | null;
    let pdq: string | null = null;
    if (known) {
      ({ verdict, screeningId } = known);
    } else {
      try {
        const result = await this.deps.screening.screenFound(monitor.orgId, item.url, bytes);
        stats.screened++;
        ({ verdict } = result);
        screeningId = result.id;
        pdq = result.hashes.pdq ?? null;
      } catch (error) {
        // Not an image or video we can read (garbage, a bomb): remembered, so not fetched again.
        await this.deps.store.putSeen({
          monitorId: monitor.id,
          url: item.url,
          ...validators,
          sha256,
          verdict: null,
          findings: null,
          fetchedAt: at,
        });
        await item.done?.();
        throw error;
      }
    }
    await this.deps.store.putSeen({
      monitorId: monitor.id,
      url: item.url,
      ...validators,
      sha256,
      verdict,
      findings: null,
      fetchedAt: at,
    });
    if (verdict !== 'allow') {
      stats.matches++;
      await this.report(monitor, item, { sha256, pdq, verdict, screeningId, at });
    }
    await item.done?.();
  }

  /** A notice to the platform hosting the media (or its page); else the counsellors' queue. */
  private async report(
    monitor: Monitor,
    item: FoundItem,
    found: {
      sha256: string;
      pdq: string | null;
      verdict: Verdict;
      screeningId: string | null;
      at: string;
    },
  ): Promise<void> {
    const actor = `monitor:${monitor.id}`;
    let noticeId: number | null = null;
    if (!item.url.startsWith('file:')) {
      for (const url of [item.url, item.pageUrl].filter((u): u is string => u !== null)) {
        const notice = await this.deps.notices.noticeUrl({
          url,
          ...(found.screeningId ? { screeningId: found.screeningId } : {}),
          actor,
        });
        if (notice) {
          noticeId = notice.id;
          break;
        }
      }
    }
    await this.deps.store.addFinding(
      {
        monitorId: monitor.id,
        url: item.url,
        pageUrl: item.pageUrl,
        publishedAt: item.publishedAt,
        seenAt: found.at,
        sha256: found.sha256,
        pdq: found.pdq,
        verdict: found.verdict,
        screeningId: found.screeningId,
        noticeId,
        status: noticeId === null ? 'unassigned' : 'notice_sent',
      },
      actor,
    );
  }

  private async readDocument(
    monitor: Monitor,
    url: string,
    read: (body: string, url: string) => SourceFindings,
    stats: { pages: number; notModified: number; robotsBlocked: number },
  ): Promise<SourceFindings | null> {
    if (!(await this.allowedByRobots(monitor, url))) {
      stats.robotsBlocked++;
      return null;
    }
    const seen = await this.deps.store.getSeen(monitor.id, url);
    const response = await this.fetchPolitely(monitor, url, seen ?? {});
    stats.pages++;
    if (response.status === 304 && seen?.findings) {
      stats.notModified++;
      return JSON.parse(seen.findings) as SourceFindings;
    }
    if (response.status !== 200 || !response.body)
      throw new Error(`${url} answered ${response.status}`);
    const findings = read(new TextDecoder().decode(response.body), url);
    await this.deps.store.putSeen({
      monitorId: monitor.id,
      url,
      etag: response.etag,
      lastModified: response.lastModified,
      sha256: null,
      verdict: null,
      findings: JSON.stringify(findings),
      fetchedAt: this.deps.now().toISOString(),
    });
    return findings;
  }

  private async fetchPolitely(
    monitor: Monitor,
    url: string,
    validators: { etag?: string | null; lastModified?: string | null } = {},
  ): Promise<PoliteResponse> {
    const host = new URL(url).host;
    let pacer = this.pacers.get(monitor.config.minIntervalMs);
    if (!pacer) {
      pacer = new HostPacer(monitor.config.minIntervalMs);
      this.pacers.set(monitor.config.minIntervalMs, pacer);
    }
    const delay = this.robots.get(new URL(url).origin)?.rules.crawlDelayMs ?? 0;
    const start = pacer.reserve(host, Date.now(), delay);
    if (start > Date.now()) await (this.deps.sleep ?? realSleep)(start - Date.now());
    return politeFetch(
      url,
      {
        timeoutMs: monitor.config.fetchTimeoutMs,
        maxBytes: this.deps.maxBytes,
        fetch: this.deps.fetch,
      },
      validators,
    );
  }

  private async allowedByRobots(monitor: Monitor, url: string): Promise<boolean> {
    if (!monitor.config.respectRobots) return true;
    const origin = new URL(url).origin;
    const cached = this.robots.get(origin);
    if (cached && cached.until > Date.now()) return cached.rules.isAllowed(url);
    let rules: RobotsRules;
    try {
      const response = await this.fetchPolitely(monitor, `${origin}/robots.txt`);
      rules =
        response.status === 200 && response.body
          ? readRobots(`${origin}/robots.txt`, new TextDecoder().decode(response.body))
          : response.status >= 400 && response.status < 500
            ? ALLOW_ALL
            : DISALLOW_ALL;
    } catch {
      rules = DISALLOW_ALL; // unreachable robots.txt: wait, as the convention asks
    }
    this.robots.set(origin, { rules, until: Date.now() + ROBOTS_TTL_MS });
    return rules.isAllowed(url);
  }
}
