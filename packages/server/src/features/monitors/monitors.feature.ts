import type { AccessStore, MonitorStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { MonitorAdmin } from './monitor-admin.js';
import type { MonitorService } from './monitor-service.js';
import { monitorRoutes } from './monitors.routes.js';

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
    routes: [monitorRoutes(admin)],
    jobs: deps.service.handlers(),
    start: () => deps.service.scheduleAll(),
  });
}
