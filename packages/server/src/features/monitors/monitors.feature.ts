import type { AccessStore, MonitorStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { MonitorService } from './monitor-service.js';
import { monitorRoutes } from './monitors.routes.js';

/** Monitors of sites, feeds, folders and platforms' uploads; each active one is scheduled at start. */
export function monitorsFeature(deps: {
  service: MonitorService;
  store: MonitorStore;
  access: AccessStore;
  now: () => Date;
}): Feature<'monitor.run'> {
  return defineFeature({
    name: 'monitors',
    routes: [monitorRoutes(deps.service, deps.store, deps.access, deps.now)],
    jobs: deps.service.handlers(),
    start: () => deps.service.scheduleAll(),
  });
}
