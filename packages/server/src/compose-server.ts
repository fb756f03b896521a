import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { BankMatcher } from '@haechi/banks';
import { resolveFfmpeg } from '@haechi/media';
import type { Detector } from '@haechi/core';
import { openEmbeddedStores, openPostgresStores, type PostgresStores } from '@haechi/store';
import type { ServerConfig } from './config.js';
import type { AppEnv } from './http/app-env.js';
import { createApp } from './http/create-app.js';
import type { AnyFeature } from './http/feature.js';
import { accessFeature } from './features/access/access.feature.js';
import { adminFeature } from './features/admin/admin.feature.js';
import { banksFeature } from './features/banks/banks.feature.js';
import { casesFeature } from './features/cases/cases.feature.js';
import { evidenceFeature } from './features/evidence/evidence.feature.js';
import { monitorsFeature } from './features/monitors/monitors.feature.js';
import { noticesFeature } from './features/notices/notices.feature.js';
import { oversightFeature } from './features/oversight/oversight.feature.js';
import { reviewFeature } from './features/review/review.feature.js';
import { screeningFeature } from './features/screening/screening.feature.js';
import { webhooksFeature } from './features/webhooks/webhooks.feature.js';
import { DEFAULT_CONSOLE_DIR } from './http/console.routes.js';
import { createLogger, type Logger } from './logging/logger.js';
import { acceleratedClock } from './services/clock/accelerated-clock.js';
import { BankDirectory } from './features/screening/bank-directory.js';
import { AsyncScreening } from './features/screening/async-screening.js';
import { AttemptLimiter } from './services/limits/attempt-limiter.js';
import { SIGN_IN_WINDOW_MS } from './services/limits/sign-in-limits.js';
import { CaseService } from './features/cases/case-service.js';
import { JobRunner } from './services/jobs/job-runner.js';
import { JOB_PAYLOADS } from './services/jobs/job-kinds.js';
import { createUrlFetcher } from './features/notices/fetch-url.js';
import { createOutboundFetch, type HostResolver } from './services/outbound/outbound-fetch.js';
import { WebhookSender } from './features/webhooks/webhook-sender.js';
import { UploadHolds } from './features/screening/upload-holds.js';
import { imageHasherPool } from './features/screening/image-hasher.js';
import { AuditAnchorer } from './services/audit/audit-anchorer.js';
import { NoticeService } from './features/notices/notice-service.js';
import { loadSealer } from './services/sealing/master-key.js';
import { ReviewService } from './features/review/review-service.js';
import { ReviewQueue } from './features/review/review-queue.js';
import { OversightService } from './features/oversight/oversight-service.js';
import { EvidenceService } from './features/evidence/evidence-service.js';
import { EvidenceExporter } from './features/evidence/evidence-export.js';
import { MediaVault } from './features/evidence/media-vault.js';
import { loadOrCreateSigningKey } from '@haechi/evidence';
import {
  createDetectors,
  FACE_EMBEDDING_LENGTH,
  lazyFaceLocator,
  loadModelDetectors,
} from '@haechi/detection';
import { EnrolledFaces } from './services/faces/enrolled-faces.js';
import { ScreeningService } from './features/screening/screening-service.js';
import { MonitorService } from './features/monitors/monitor-service.js';

/** Options of a server beyond its configuration: what tests and the demo choose. */
export interface ServerOptions {
  detectors?: readonly Detector[];
  now?: () => Date;
  logDestination?: NodeJS.WritableStream;
  /** Do not poll for due jobs (a test drives them with runDueJobs on a simulated clock). */
  manualJobs?: boolean;
  /**
   * Resolves the host names of outbound requests instead of the system's DNS (the demo's
   * platforms' sites are served on this machine); each address is still judged as usual.
   */
  resolveHost?: HostResolver;
}

/** The whole server but its socket: the app answers `app.request()` in process. */
export interface ComposedServer {
  readonly app: OpenAPIHono<AppEnv>;
  readonly logger: Logger;
  /** Runs the jobs due now by the server's clock (tests on a simulated clock call this). */
  runDueJobs(): Promise<number>;
  /** Stops the features, the job runner, the workers and the detectors, then closes the store. */
  close(): Promise<void>;
}

/**
 * The composition root: opens the store, loads the bank indexes and follows their change feed,
 * wires the services, the features and the HTTP app. The only place concrete adapters are chosen;
 * `startServer` adds the socket, and route tests call the app in process.
 */
export async function composeServer(
  config: ServerConfig,
  options: ServerOptions = {},
): Promise<ComposedServer> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const now =
    options.now ?? (config.clockRate === 1 ? () => new Date() : acceleratedClock(config.clockRate));
  if (config.clockRate !== 1)
    logger.warn({
      msg: `the server's clock runs ${config.clockRate}× real time (HAECHI_CLOCK_RATE): deadlines, reminders and sign-ins pass that much faster; demos and tests only`,
      clockRate: config.clockRate,
    });
  const detectors = options.detectors ?? [
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
  // PostgreSQL when DATABASE_URL is set (several machines); else the embedded store in HAECHI_DATA.
  const stores: Omit<PostgresStores, 'pool'> = config.database
    ? await openPostgresStores(config.database.url, {
        role: 'haechi-server',
        max: config.database.poolSize,
        connectTimeoutMs: config.database.connectTimeoutMs,
        statementTimeoutMs: config.database.statementTimeoutMs,
        onIdleError: (err) => logger.warn({ msg: 'a database connection was closed', err }),
        ...(config.database.schema ? { schema: config.database.schema } : {}),
      })
    : openEmbeddedStores(config.dataDir);
  // Uploads' videos are decoded by the system's ffmpeg (security updates) unless told otherwise.
  const decoder = config.media.ffmpegPath
    ? { path: config.media.ffmpegPath, source: 'configured' }
    : resolveFfmpeg();
  if (decoder.source === 'bundled')
    logger.warn({
      msg: "no ffmpeg on the PATH: videos are decoded by the npm package's static build from 2018, which gets no security updates; install the system's ffmpeg (Debian: apt-get install ffmpeg) or set HAECHI_FFMPEG",
      ffmpeg: decoder.path,
    });
  const media = { ...config.media, ffmpegPath: decoder.path };
  const images = imageHasherPool();
  const matcher = await BankMatcher.open(stores.banks, {
    intervalMs: config.bankPollMs,
    onError: (err: unknown) => logger.error({ msg: 'bank change feed read failed', err }),
  });
  matcher.follow();
  const { sealer, generatedKeyFile } = loadSealer(config.dataDir, config.masterKey);
  if (generatedKeyFile)
    logger.warn({
      msg: 'no HAECHI_MASTER_KEY: personal data is sealed with a key generated in the data folder; set one from a secret store in production',
      keyFile: generatedKeyFile,
    });
  const signing = loadOrCreateSigningKey(config.evidence.signingKeyFile);
  if (signing.created)
    logger.warn({
      msg: 'no evidence signing key: one was generated; keep it with the master key in production',
      keyFile: config.evidence.signingKeyFile,
    });
  // Every request to an address a user gave goes through these: public addresses only, each
  // connection checked (HAECHI_WEBHOOK_ALLOW_PRIVATE / HAECHI_FETCH_ALLOW_PRIVATE: closed tests).
  const resolve = options.resolveHost ? { resolve: options.resolveHost } : {};
  const callbackFetch = createOutboundFetch({
    allowPrivate: config.allowPrivateCallbacks,
    ...resolve,
  });
  const contentOutbound = { allowPrivate: config.allowPrivateFetch, ...resolve };
  const contentFetch = createOutboundFetch(contentOutbound);
  const webhooks = new WebhookSender({ access: stores.access, sealer, fetch: callbackFetch, now });
  const anchorer = new AuditAnchorer({
    audit: stores.audit,
    key: signing.key,
    file: config.auditAnchors.file,
    intervalMs: config.auditAnchors.intervalMs,
    now: () => new Date(),
    logger,
  });
  await anchorer.start();
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
  const screeningDeps = {
    access: stores.access,
    screenings: stores.screenings,
    matcher,
    directory: new BankDirectory(stores.banks),
    detectors,
    limits: media,
    images,
    now,
    holds: new UploadHolds({ evidence, review }),
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
  const notices = noticesFeature({ service: noticeService, now });
  const reviewing = reviewFeature({ service: review, evidence, now });
  const monitoring = monitorsFeature({
    service: monitors,
    store: stores.monitors,
    access: stores.access,
    now,
  });
  // The app mounts each feature's routes in this order.
  const features: AnyFeature[] = [
    accessFeature({
      access: stores.access,
      banks: stores.banks,
      screenings: stores.screenings,
      signInLimiter,
      trustProxy: config.rateLimits.trustProxy,
      now,
    }),
    screeningFeature({ service: screening, asyncScreening, screenJobs: stores.screenJobs }),
    webhooksFeature({
      access: stores.access,
      sender: webhooks,
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
      service: caseService,
      sealer,
      trustProxy: config.rateLimits.trustProxy,
      now,
    }),
    notices,
    reviewing,
    oversightFeature(
      new OversightService({
        notices: stores.notices,
        review: stores.review,
        access: stores.access,
        cases: stores.cases,
        now,
      }),
    ),
    evidenceFeature({
      service: evidence,
      exporter: new EvidenceExporter({
        service: evidence,
        evidence: stores.evidence,
        notices: stores.notices,
        review: stores.review,
        audit: stores.audit,
        vault,
        signingKey: signing.key,
        now,
      }),
      signingKey: signing.key,
    }),
  ];
  for (const feature of features) await feature.start();
  const jobRunner = new JobRunner({
    jobs: stores.jobs,
    kinds: JOB_PAYLOADS,
    // Every job kind has its handler: the compiler checks that these three features cover them.
    handlers: { ...notices.jobs, ...reviewing.jobs, ...monitoring.jobs },
    now,
    logger,
    onDead: async (job, error) => {
      if (job.kind === 'notice.deliver') await noticeService.recordDeadDelivery(job, error);
      else logger.warn({ msg: 'job failed for good', kind: job.kind, job: job.id, error });
    },
  });
  if (!options.manualJobs) jobRunner.start();
  const app = createApp({
    features,
    access: stores.access,
    sealer,
    rateLimits: config.rateLimits,
    consoleDir: config.consoleDir ?? DEFAULT_CONSOLE_DIR,
    logger,
    now,
    limits: config.limits,
    isReady: async () => {
      await stores.banks.latestChangeSeq();
      const counts = matcher.counts;
      return {
        store: 'ok',
        bankCursor: String(matcher.cursor),
        indexed: String(counts.pdq + counts.md5 + counts.sha256 + counts.vpdq),
      };
    },
  });
  return {
    app,
    logger,
    runDueJobs: async () => {
      // Bank changes made by the jobs' triggers (e.g. a case's hashes) are read first.
      await matcher.catchUp();
      return jobRunner.runDue();
    },
    close: async () => {
      matcher.stop();
      await jobRunner.stop();
      for (const feature of [...features].reverse()) await feature.stop();
      await anchorer.stop();
      await images.close();
      await Promise.all(detectors.map(async (detector) => detector.close?.()));
      await stores.close();
    },
  };
}
