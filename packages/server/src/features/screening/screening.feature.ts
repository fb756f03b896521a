import type { ScreenJobStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { AsyncDetection } from './async-detection.js';
import type { AsyncScreening } from './async-screening.js';
import type { ScreeningService } from './screening-service.js';
import { mountOperations } from '../../http/operation.js';
import { screenAsync } from './screen-async.route.js';
import { readScreenJob } from './read-screen-job.route.js';
import { screenUpload } from './screen-upload.route.js';
import { screenBatch } from './screen-batch.route.js';

/**
 * Screening uploads, one at a time, in batches, or in the background with a callback; detectors in
 * the request or after it (`detectors: "async"`).
 */
export function screeningFeature(deps: {
  service: ScreeningService;
  asyncScreening: AsyncScreening;
  detection: AsyncDetection;
  screenJobs: ScreenJobStore;
}): Feature<'screening.deliver'> {
  return defineFeature({
    name: 'screening',
    routes: [
      mountOperations([screenAsync(deps.asyncScreening), readScreenJob(deps.screenJobs)]),
      mountOperations([screenUpload(deps.service), screenBatch(deps.service)]),
    ],
    jobs: deps.detection.handlers(),
    start: async () => {
      deps.detection.start();
      await deps.asyncScreening.start();
    },
    stop: async () => {
      await deps.asyncScreening.stop();
      await deps.detection.stop();
    },
  });
}
