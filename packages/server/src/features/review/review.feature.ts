import { defineFeature, type Feature } from '../../http/feature.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { ReviewService } from './review-service.js';
import { mountOperations } from '../../http/operation.js';
import { readReviewMedia } from './read-review-media.route.js';
import { listReviewQueue } from './list-review-queue.route.js';
import { readReviewItem } from './read-review-item.route.js';
import { decideReviewItem } from './decide-review-item.route.js';
import { appealDecision } from './appeal-decision.route.js';
import { readScreening } from './read-screening.route.js';

/** The regulator's queue: held uploads, disputes and overdue notices, decisions and appeals. */
export function reviewFeature(deps: {
  service: ReviewService;
  evidence: EvidenceService;
  now: () => Date;
}): Feature<'review.deliver'> {
  return defineFeature({
    name: 'review',
    routes: [
      mountOperations([
        listReviewQueue(deps.service, deps.now),
        readReviewItem(deps.service, deps.now),
        decideReviewItem(deps.service, deps.now),
        appealDecision(deps.service, deps.now),
        readScreening(deps.service),
      ]),
      mountOperations([readReviewMedia(deps.service, deps.evidence)]),
    ],
    jobs: deps.service.handlers(),
  });
}
