import type { ServerConfig } from '../config.js';
import { accessFeature } from '../features/access/access.feature.js';
import { adminFeature } from '../features/admin/admin.feature.js';
import { banksFeature } from '../features/banks/banks.feature.js';
import { casesFeature } from '../features/cases/cases.feature.js';
import { evidenceFeature } from '../features/evidence/evidence.feature.js';
import { monitorsFeature } from '../features/monitors/monitors.feature.js';
import { noticesFeature } from '../features/notices/notices.feature.js';
import { oversightFeature } from '../features/oversight/oversight.feature.js';
import { reviewFeature } from '../features/review/review.feature.js';
import { screeningFeature } from '../features/screening/screening.feature.js';
import { webhooksFeature } from '../features/webhooks/webhooks.feature.js';
import type { AnyFeature } from '../http/feature.js';
import type { ServerJobHandlers } from '../services/jobs/job-kinds.js';
import type { Infrastructure } from './infrastructure.js';
import type { Services } from './services.js';

/**
 * The features in the order the app mounts their operations (and the OpenAPI document lists
 * them), and the handlers of every job kind, from the features that schedule them.
 */
export function buildFeatures(
  config: ServerConfig,
  infra: Infrastructure,
  services: Services,
  now: () => Date,
): { features: AnyFeature[]; jobHandlers: ServerJobHandlers } {
  const { stores, sealer, signing } = infra;
  const notices = noticesFeature({ service: services.noticeService, now });
  const reviewing = reviewFeature({ service: services.review, evidence: services.evidence, now });
  const monitoring = monitorsFeature({
    service: services.monitors,
    store: stores.monitors,
    access: stores.access,
    now,
  });
  const screening = screeningFeature({
    service: services.screening,
    asyncScreening: services.asyncScreening,
    detection: services.detection,
    screenJobs: stores.screenJobs,
  });
  const features: AnyFeature[] = [
    accessFeature({
      access: stores.access,
      banks: stores.banks,
      screenings: stores.screenings,
      signInLimiter: services.signInLimiter,
      trustProxy: config.rateLimits.trustProxy,
      now,
    }),
    screening,
    webhooksFeature({
      access: stores.access,
      sender: services.webhooks,
      allowPrivateCallbacks: config.allowPrivateCallbacks,
      now,
    }),
    adminFeature({
      access: stores.access,
      sealed: stores.sealed,
      audit: stores.audit,
      sealer,
      now,
    }),
    monitoring,
    banksFeature(stores.banks),
    casesFeature({
      service: services.caseService,
      sealer,
      trustProxy: config.rateLimits.trustProxy,
      now,
    }),
    notices,
    reviewing,
    oversightFeature(services.oversight),
    evidenceFeature({
      service: services.evidence,
      exporter: services.exporter,
      signingKey: signing.key,
    }),
  ];
  // Every job kind has its handler: the compiler checks that these features cover them.
  return {
    features,
    jobHandlers: { ...notices.jobs, ...reviewing.jobs, ...monitoring.jobs, ...screening.jobs },
  };
}
