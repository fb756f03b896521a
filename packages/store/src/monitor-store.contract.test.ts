import type { MonitorConfig, MonitorRunStats, Org } from '@haechi/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './test-backends.js';
import { useStores, type TestStores } from './test-stores.js';

const T = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString();
const CONFIG: MonitorConfig = {
  startUrls: ['https://forum.example/board'],
  maxDepth: 1,
  maxPages: 20,
  maxItems: 50,
  respectRobots: true,
  minIntervalMs: 1000,
  fetchTimeoutMs: 10_000,
};
const STATS: MonitorRunStats = {
  pages: 3,
  notModified: 1,
  media: 4,
  screened: 3,
  skipped: 1,
  matches: 2,
  errors: 1,
  robotsBlocked: 0,
};

describe.each(BACKENDS)('the monitor store on $name', (backend) => {
  const current = useStores(backend);
  let stores: TestStores;
  let operator: Org;
  beforeEach(async () => {
    stores = current();
    operator = await stores.access.createOrg({
      name: 'kcsc',
      kind: 'regulator',
      jurisdiction: 'KR',
      subscriptions: ['*'],
      policy: {},
      createdAt: T(0),
    });
  });

  const create = (name: string) =>
    stores.monitors.createMonitor(
      {
        name,
        kind: 'html',
        orgId: operator.id,
        config: CONFIG,
        intervalSeconds: 600,
        createdAt: T(0),
      },
      'user:2',
    );

  it('creates a monitor once per name, pauses and resumes it, and counts its runs', async () => {
    const monitor = await create('board');
    expect(monitor).toMatchObject({
      name: 'board',
      kind: 'html',
      config: CONFIG,
      status: 'active',
      lastRunAt: null,
      lastRun: null,
      failures: 0,
      totals: { runs: 0, itemsSeen: 0, matches: 0, errors: 0 },
    });
    await expect(create('board')).rejects.toThrow('a monitor named "board" exists');
    const paused = await stores.monitors.setMonitorStatus(monitor.id, 'paused', {
      at: T(1),
      actor: 'user:2',
    });
    expect(paused?.status).toBe('paused');
    await stores.monitors.setMonitorStatus(monitor.id, 'active', { at: T(2), actor: 'user:2' });
    await stores.monitors.recordRun(monitor.id, { at: T(3), stats: STATS, error: null });
    const failed = await stores.monitors.recordRun(monitor.id, {
      at: T(13),
      stats: { ...STATS, media: 0, matches: 0, errors: 0 },
      error: 'forum.example answered 503',
    });
    expect(failed).toMatchObject({
      lastRunAt: T(13),
      lastError: 'forum.example answered 503',
      failures: 1,
      totals: { runs: 2, itemsSeen: 4, matches: 2, errors: 2 },
    });
    const recovered = await stores.monitors.recordRun(monitor.id, {
      at: T(23),
      stats: STATS,
      error: null,
    });
    expect([recovered.failures, recovered.lastError, recovered.lastRun]).toEqual([0, null, STATS]);
    await expect(
      stores.monitors.recordRun(999_999, { at: T(4), stats: STATS, error: null }),
    ).rejects.toThrow('no monitor 999999');
    expect((await stores.monitors.listMonitors()).map((m) => m.name)).toEqual(['board']);
    const audit = await stores.audit.list({ afterSeq: 0, limit: 10, objectType: 'monitor' });
    expect(audit.map((a) => a.action)).toEqual([
      'monitor.created',
      'monitor.paused',
      'monitor.resumed',
    ]);
  });

  it('keeps its cursor of seen URLs, one verdict per content, findings and pending events', async () => {
    const monitor = await create('board');
    const seen = {
      monitorId: monitor.id,
      url: 'https://forum.example/img/1.jpg',
      etag: '"v1"',
      lastModified: null,
      sha256: '12'.repeat(32),
      verdict: 'block' as const,
      findings: null,
      fetchedAt: T(1),
    };
    await stores.monitors.putSeen(seen);
    await stores.monitors.putSeen({ ...seen, etag: '"v2"', fetchedAt: T(2) });
    expect(await stores.monitors.getSeen(monitor.id, seen.url)).toEqual({
      ...seen,
      etag: '"v2"',
      fetchedAt: T(2),
    });
    expect(await stores.monitors.getSeen(monitor.id, 'https://forum.example/other')).toBeNull();
    expect(await stores.monitors.verdictOfContent('12'.repeat(32))).toEqual({
      verdict: 'block',
      screeningId: null,
    });
    expect(await stores.monitors.verdictOfContent('34'.repeat(32))).toBeNull();

    const finding = await stores.monitors.addFinding(
      {
        monitorId: monitor.id,
        url: seen.url,
        pageUrl: 'https://forum.example/board',
        publishedAt: null,
        seenAt: T(2),
        sha256: '12'.repeat(32),
        pdq: 'f'.repeat(64),
        verdict: 'block',
        screeningId: null,
        noticeId: null,
        status: 'unassigned',
      },
      'system',
    );
    expect(await stores.monitors.listFindings({ status: 'unassigned', limit: 10 })).toEqual([
      finding,
    ]);
    expect(await stores.monitors.listFindings({ status: 'notice_sent', limit: 10 })).toEqual([]);
    const found = await stores.audit.list({ afterSeq: 0, limit: 10, objectType: 'monitor' });
    expect(found.at(-1)?.details).toEqual({
      findingId: finding.id,
      verdict: 'block',
      sha256: '12'.repeat(32),
      noticeId: null,
    });

    const first = await stores.monitors.addEvent(monitor.id, 'https://up.example/a', null, T(3));
    const second = await stores.monitors.addEvent(monitor.id, 'https://up.example/b', T(1), T(4));
    await stores.monitors.markEventProcessed(first.id, T(5));
    expect(await stores.monitors.pendingEvents(monitor.id, 10)).toEqual([second]);
    expect(second).toMatchObject({
      url: 'https://up.example/b',
      publishedAt: T(1),
      receivedAt: T(4),
    });
  });
});
