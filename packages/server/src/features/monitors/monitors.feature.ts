import type { AccessStore, MonitorStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { MonitorAdmin } from './monitor-admin.js';
import type { MonitorService } from './monitor-service.js';
import { mountOperations } from '../../http/operation.js';
import { createMonitor } from './create-monitor.route.js';
import { listMonitors } from './list-monitors.route.js';
import { pauseMonitor } from './pause-monitor.route.js';
import { resumeMonitor } from './resume-monitor.route.js';
import { runMonitor } from './run-monitor.route.js';
import { listMonitorFindings } from './list-monitor-findings.route.js';
import { reportUpload } from './report-upload.route.js';

/** Monitors of sites, feeds, folders and platforms' uploads; each active one is scheduled at start. */
export function monitorsFeature(deps: {
  service: MonitorService;
  store: MonitorStore;
  access: AccessStore;
  now: () => Date;
}): Feature<'monitor.run'> {
  const admin = new MonitorAdmin({
    store: deps.store,
    access: deps.access,
    runner: deps.service,
    now: deps.now,
  });
  return defineFeature({
    name: 'monitors',
    routes: [
      mountOperations([
        createMonitor(admin),
        listMonitors(admin),
        pauseMonitor(admin),
        resumeMonitor(admin),
        runMonitor(admin),
        listMonitorFindings(admin),
        reportUpload(admin),
      ]),
    ],
    jobs: deps.service.handlers(),
    start: () => deps.service.scheduleAll(),
  });
}
