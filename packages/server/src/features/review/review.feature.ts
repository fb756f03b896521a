import type { ScreeningStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { ReviewService } from './review-service.js';
import { reviewMediaRoutes } from './review-media.routes.js';
import { reviewRoutes } from './review.routes.js';

/** The regulator's queue: held uploads, disputes and overdue notices, decisions and appeals. */
export function reviewFeature(deps: {
  service: ReviewService;
  evidence: EvidenceService;
  screenings: ScreeningStore;
  now: () => Date;
}): Feature<'review.deliver'> {
  return defineFeature({
    name: 'review',
    routes: [
      reviewRoutes(deps.service, deps.screenings, deps.now),
      reviewMediaRoutes(deps.service, deps.evidence),
    ],
    jobs: deps.service.handlers(),
  });
}
