import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  AppError,
  percentile,
  type AccessStore,
  type Monitor,
  type MonitorConfig,
  type MonitorFinding,
  type MonitorStore,
} from '@haechi/core';
import type { MonitorService } from './monitor-service.js';

/** What an admin asks for when creating a monitor (defaults filled in by the route's schema). */
export interface NewMonitorRequest extends Omit<
  MonitorConfig,
  'folder' | 'platformOrgId' | 'authorisation'
> {
  readonly name: string;
  readonly kind: Monitor['kind'];
  /** The organisation it runs for (default: the admin's own): its banks and jurisdiction. */
  readonly org?: string | undefined;
  readonly folder?: string | undefined;
  /** webhook: the name of the platform whose uploads it screens. */
  readonly platform?: string | undefined;
  readonly authorisation?: string | undefined;
  readonly intervalSeconds: number;
}

/** A monitor as people see it: its settings, last run, totals and time to detection. */
export interface MonitorStatus {
  readonly id: number;
  readonly name: string;
  readonly kind: Monitor['kind'];
  readonly status: Monitor['status'];
  readonly intervalSeconds: number;
  readonly respectRobots: boolean;
  readonly lastRunAt: string | null;
  readonly lastRun: Record<string, number> | null;
  readonly lastError: string | null;
  readonly failures: number;
  readonly totals: Monitor['totals'];
  readonly detections: number;
  readonly hoursFromPublicationToDetection: { p50: number | null; max: number | null };
}

const PAGE_KINDS: ReadonlySet<Monitor['kind']> = new Set(['html', 'feed', 'sitemap']);

/**
 * What people do with monitors: admins create, pause, resume and run them, analysts read their
 * status, counsellors take the findings no platform hosts, a platform reports its new uploads. The
 * rules of a monitor's settings live here (a folder that exists, a webhook monitor's platform,
 * robots.txt ignored only by the police with an authorisation); running one is MonitorService's.
 */
export class MonitorAdmin {
  constructor(
    private readonly deps: {
      store: MonitorStore;
      access: AccessStore;
      runner: MonitorService;
      now: () => Date;
    },
  ) {}

  async create(request: NewMonitorRequest, caller: { orgId: number; actor: string }) {
    const { access, store, runner, now } = this.deps;
    const org = request.org
      ? await access.getOrgByName(request.org)
      : await access.getOrg(caller.orgId);
    if (!org) throw new AppError('org_not_found', `no organisation named "${request.org}"`);
    if (PAGE_KINDS.has(request.kind) && request.startUrls.length === 0)
      throw new AppError(
        'invalid_input',
        `startUrls: a ${request.kind} monitor needs at least one`,
      );
    await runner.checkStartUrls(request.startUrls);
    let source: Pick<MonitorConfig, 'folder' | 'platformOrgId'> = {};
    if (request.kind === 'folder') {
      const folder = request.folder ?? '';
      if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory())
        throw new AppError('invalid_input', 'folder: an absolute path to an existing directory');
      source = { folder };
    }
    if (request.kind === 'webhook') {
      const platform = request.platform ? await access.getOrgByName(request.platform) : null;
      if (!platform || platform.kind !== 'platform')
        throw new AppError(
          'invalid_input',
          'platform: the name of the platform whose uploads it screens',
        );
      source = { platformOrgId: platform.id };
    }
    if (!request.respectRobots && (org.kind !== 'police' || !request.authorisation))
      throw new AppError(
        'invalid_input',
        'respectRobots: only a monitor run for a police organisation, with its authorisation named, may ignore robots.txt',
      );
    const monitor = await store.createMonitor(
      {
        name: request.name,
        kind: request.kind,
        orgId: org.id,
        config: {
          startUrls: request.startUrls,
          maxDepth: request.maxDepth,
          maxPages: request.maxPages,
          maxItems: request.maxItems,
          respectRobots: request.respectRobots,
          minIntervalMs: request.minIntervalMs,
          fetchTimeoutMs: request.fetchTimeoutMs,
          ...(request.authorisation ? { authorisation: request.authorisation } : {}),
          ...source,
        },
        intervalSeconds: request.intervalSeconds,
        createdAt: now().toISOString(),
      },
      caller.actor,
    );
    await runner.schedule(monitor, 0);
    return this.status(monitor);
  }

  async list(): Promise<MonitorStatus[]> {
    return Promise.all((await this.deps.store.listMonitors()).map((m) => this.status(m)));
  }

  /** Runs the monitor now and answers with its status after the run. */
  async runNow(id: number): Promise<MonitorStatus> {
    return this.status(await this.deps.runner.run(await this.require(id)));
  }

  /** Pause (no run starts) or resume (it runs at once, then on its schedule). */
  async setActive(id: number, active: boolean, actor: string): Promise<MonitorStatus> {
    const monitor = await this.require(id);
    const changed = await this.deps.store.setMonitorStatus(
      monitor.id,
      active ? 'active' : 'paused',
      {
        at: this.deps.now().toISOString(),
        actor,
      },
    );
    if (!changed)
      throw new AppError(
        'invalid_transition',
        `the monitor is already ${active ? 'active' : 'paused'}`,
      );
    if (active) await this.deps.runner.schedule(changed, 0);
    return this.status(changed);
  }

  /** Findings, oldest first, without their perceptual hash or screening record. */
  async findings(query: { status?: MonitorFinding['status']; limit: number }) {
    const findings = await this.deps.store.listFindings(query);
    return findings.map(({ pdq: _pdq, screeningId: _screening, ...finding }) => finding);
  }

  /** A platform's new public upload, for its webhook monitor's next run (scheduled at once). */
  async reportUpload(platformOrgId: number, url: string, publishedAt: string | null) {
    const { store, runner, now } = this.deps;
    const monitor = (await store.listMonitors()).find(
      (m) => m.kind === 'webhook' && m.config.platformOrgId === platformOrgId,
    );
    if (!monitor) throw new AppError('not_found', 'no webhook monitor is set up for your platform');
    const event = await store.addEvent(monitor.id, url, publishedAt, now().toISOString());
    if (monitor.status === 'active') await runner.schedule(monitor, 0);
    return event;
  }

  private async require(id: number): Promise<Monitor> {
    const monitor = await this.deps.store.getMonitor(id);
    if (!monitor) throw new AppError('not_found', `no monitor ${id}`);
    return monitor;
  }

  private async status(m: Monitor): Promise<MonitorStatus> {
    const findings = await this.deps.store.listFindings({ monitorId: m.id, limit: 100_000 });
    const hours = findings
      .filter((f) => f.publishedAt !== null)
      .map((f) => (Date.parse(f.seenAt) - Date.parse(f.publishedAt as string)) / 3_600_000)
      .sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    return {
      id: m.id,
      name: m.name,
      kind: m.kind,
      status: m.status,
      intervalSeconds: m.intervalSeconds,
      respectRobots: m.config.respectRobots,
      lastRunAt: m.lastRunAt,
      lastRun: m.lastRun ? { ...m.lastRun } : null,
      lastError: m.lastError,
      failures: m.failures,
      totals: { ...m.totals },
      detections: findings.length,
      hoursFromPublicationToDetection: {
        p50: round(percentile(hours, 0.5)),
        max: round(hours.at(-1) ?? null),
      },
    };
  }
}
