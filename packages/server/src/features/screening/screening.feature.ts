import type { ScreenJobStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { AsyncScreening } from './async-screening.js';
import type { ScreeningService } from './screening-service.js';
import { mountOperations } from '../../http/operation.js';
import { screenAsync } from './screen-async.route.js';
import { readScreenJob } from './read-screen-job.route.js';
import { screenUpload } from './screen-upload.route.js';
import { screenBatch } from './screen-batch.route.js';

/** Screening uploads, one at a time, in batches, or in the background with a callback. */
export function screeningFeature(deps: {
  service: ScreeningService;
  asyncScreening: AsyncScreening;
  screenJobs: ScreenJobStore;
}): Feature {
  return defineFeature({
    name: 'screening',
    routes: [
      mountOperations([screenAsync(deps.asyncScreening), readScreenJob(deps.screenJobs)]),
      mountOperations([screenUpload(deps.service), screenBatch(deps.service)]),
    ],
    start: () => deps.asyncScreening.start(),
    stop: () => deps.asyncScreening.stop(),
  });
}
