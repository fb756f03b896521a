import { join } from 'node:path';
import type { Detector } from '@haechi/core';
import {
  createDetectors,
  FACE_EMBEDDING_LENGTH,
  lazyFaceLocator,
  loadModelDetectors,
} from '@haechi/detection';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logging/logger.js';
import { CaseService } from '../features/cases/case-service.js';
import { EvidenceExporter } from '../features/evidence/evidence-export.js';
import { EvidenceService } from '../features/evidence/evidence-service.js';
import { MediaVault } from '../features/evidence/media-vault.js';
import { MonitorService } from '../features/monitors/monitor-service.js';
import { createUrlFetcher } from '../features/notices/fetch-url.js';
import { NoticeService } from '../features/notices/notice-service.js';
import { OversightService } from '../features/oversight/oversight-service.js';
import { ReviewQueue } from '../features/review/review-queue.js';
import { ReviewService } from '../features/review/review-service.js';
import { AsyncDetection } from '../features/screening/async-detection.js';
import { AsyncScreening } from '../features/screening/async-screening.js';
import { BankDirectory } from '../features/screening/bank-directory.js';
import { ScreeningService } from '../features/screening/screening-service.js';
import { UploadHolds } from '../features/screening/upload-holds.js';
import { WebhookSender } from '../features/webhooks/webhook-sender.js';
import { EnrolledFaces } from '../services/faces/enrolled-faces.js';
import { AttemptLimiter } from '../services/limits/attempt-limiter.js';
import { SIGN_IN_WINDOW_MS } from '../services/limits/sign-in-limits.js';
import type { Infrastructure } from './infrastructure.js';

/** Every feature's service, built once and given to the features that need it. */
export interface Services {
  readonly detectors: readonly Detector[];
  readonly webhooks: WebhookSender;
  readonly enrolledFaces: EnrolledFaces;
  readonly evidence: EvidenceService;
  readonly exporter: EvidenceExporter;
  readonly noticeService: NoticeService;
  readonly review: ReviewService;
  readonly screening: ScreeningService;
  readonly asyncScreening: AsyncScreening;
  readonly detection: AsyncDetection;
  readonly signInLimiter: AttemptLimiter;
  readonly caseService: CaseService;
  readonly monitors: MonitorService;
  readonly oversight: OversightService;
}

/**
 * The services, each given its dependencies; where one feature needs another the other way round,
 * the port it declares is given here (notices escalate to review's queue and fix evidence through
 * the evidence service; monitors screen and notice through those features' services).
 */
export async function buildServices(
  config: ServerConfig,
  infra: Infrastructure,
  context: { logger: Logger; now: () => Date; detectors: readonly Detector[] | undefined },
): Promise<Services> {
  const { logger, now } = context;
  const { stores, media, images, matcher, sealer, signing, callbackFetch } = infra;
  const { contentOutbound, contentFetch } = infra;
  const webhooks = new WebhookSender({ access: stores.access, sealer, fetch: callbackFetch, now });
  const vault = new MediaVault(sealer);
  const enrolledFaces = new EnrolledFaces({
    cases: stores.cases,
    sealer,
    dimension: FACE_EMBEDDING_LENGTH,
    refreshMs: 2_000,
    logger,
  });
  const evidence = new EvidenceService({
    evidence: stores.evidence,
    screenings: stores.screenings,
    notices: stores.notices,
    review: stores.review,
    cases: stores.cases,
    banks: stores.banks,
    access: stores.access,
    vault,
    now,
    logger,
    retainMedia: config.evidence.retainMedia,
    maxRetainedBytes: config.evidence.maxRetainedBytes,
  });
  // Notices escalate to the regulator's queue; the review service decides what lands there.
  const reviewQueue = new ReviewQueue({ review: stores.review, now });
  const noticeService = new NoticeService({
    notices: stores.notices,
    cases: stores.cases,
    access: stores.access,
    jobs: stores.jobs,
    matcher,
    fetchUrl: createUrlFetcher({ fetch: contentFetch }),
    webhooks,
    limits: media,
    images,
    now,
    logger,
    reminderOffsetsHours: config.reminderOffsetsHours,
    escalation: reviewQueue,
    removalEvidence: evidence,
  });
  const review = new ReviewService({
    review: stores.review,
    screenings: stores.screenings,
    banks: stores.banks,
    noticeService,
    queue: reviewQueue,
    jobs: stores.jobs,
    webhooks,
    access: stores.access,
    evidence,
    now,
  });
  const detectors = context.detectors ?? [
    ...(await createDetectors(config.detectors, {
      enrolledFaces: () => enrolledFaces.index(),
    }).catch((error: Error) => {
      throw new Error(`configuration: HAECHI_DETECTORS: ${error.message}`);
    })),
    ...(config.modelDetectorsFile
      ? await loadModelDetectors(config.modelDetectorsFile, {
          env: process.env,
          log: logger,
          locateFaces: lazyFaceLocator(),
        })
      : []),
  ];
  const holds = new UploadHolds({ evidence, review });
  const detection = new AsyncDetection({
    detectors,
    screenings: stores.screenings,
    holds,
    jobs: stores.jobs,
    webhooks,
    logger,
    now,
    maxPending: config.detection.maxPending,
    staleAfterMs: config.detection.staleAfterMs,
  });
  const screeningDeps = {
    access: stores.access,
    screenings: stores.screenings,
    matcher,
    directory: new BankDirectory(stores.banks),
    detectors,
    limits: media,
    images,
    now,
    holds,
    detection,
  };
  const screening = new ScreeningService(screeningDeps);
  // Background screening takes longer videos than a request can wait for.
  const asyncScreening = new AsyncScreening({
    jobs: stores.screenJobs,
    screening: new ScreeningService({
      ...screeningDeps,
      limits: { ...media, video: config.asyncVideo },
    }),
    spoolDir: join(config.dataDir, 'spool'),
    logger,
    now,
    allowPrivateCallbacks: config.allowPrivateCallbacks,
    webhooks,
  });
  const signInLimiter = new AttemptLimiter({
    store: stores.attempts,
    windowMs: SIGN_IN_WINDOW_MS,
    now,
  });
  const caseService = new CaseService({
    cases: stores.cases,
    banks: stores.banks,
    notices: stores.notices,
    noticeService,
    audit: stores.audit,
    access: stores.access,
    sealer,
    signInLimiter,
    openingLimiter: new AttemptLimiter({ store: stores.attempts, windowMs: 86_400_000, now }),
    casesPerAddressPerDay: config.rateLimits.casesPerAddressPerDay,
    now,
    ...(config.detectors.includes('face') ? { faceEmbeddingLength: FACE_EMBEDDING_LENGTH } : {}),
    onFacesChanged: () => enrolledFaces.invalidate(),
  });
  const monitors = new MonitorService({
    store: stores.monitors,
    jobs: stores.jobs,
    screening,
    notices: noticeService,
    logger,
    now,
    outbound: contentOutbound,
    fetch: contentFetch,
    maxBytes: Math.max(config.media.image.maxInputBytes, config.media.video.maxInputBytes),
  });
  const exporter = new EvidenceExporter({
    service: evidence,
    evidence: stores.evidence,
    notices: stores.notices,
    review: stores.review,
    audit: stores.audit,
    vault,
    signingKey: signing.key,
    now,
  });
  const oversight = new OversightService({
    notices: stores.notices,
    review: stores.review,
    access: stores.access,
    cases: stores.cases,
    now,
  });
  return {
    detectors,
    webhooks,
    enrolledFaces,
    evidence,
    exporter,
    noticeService,
    review,
    screening,
    asyncScreening,
    detection,
    signInLimiter,
    caseService,
    monitors,
    oversight,
  };
}
