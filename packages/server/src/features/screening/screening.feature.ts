import type { ScreenJobStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { AsyncScreening } from './async-screening.js';
import { asyncScreenRoutes } from './async-screen.routes.js';
import type { ScreeningService } from './screening-service.js';
import { screenRoutes } from './screen.routes.js';

/** Screening uploads, one at a time, in batches, or in the background with a callback. */
export function screeningFeature(deps: {
  service: ScreeningService;
  asyncScreening: AsyncScreening;
  screenJobs: ScreenJobStore;
}): Feature {
  return defineFeature({
    name: 'screening',
    routes: [asyncScreenRoutes(deps.asyncScreening, deps.screenJobs), screenRoutes(deps.service)],
    start: () => deps.asyncScreening.start(),
    stop: () => deps.asyncScreening.stop(),
  });
}
