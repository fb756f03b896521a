import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Detector } from '@haechi/core';
import type { ServerConfig } from './config.js';
import { buildFeatures } from './composition/features.js';
import { openInfrastructure } from './composition/infrastructure.js';
import { buildServices } from './composition/services.js';
import type { AppEnv } from './http/app-env.js';
import { DEFAULT_CONSOLE_DIR } from './http/console.routes.js';
import { createApp } from './http/create-app.js';
import { createLogger, type Logger } from './logging/logger.js';
import { acceleratedClock } from './services/clock/accelerated-clock.js';
import { JOB_PAYLOADS } from './services/jobs/job-kinds.js';
import { JobRunner } from './services/jobs/job-runner.js';
import type { HostResolver } from './services/outbound/outbound-fetch.js';

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
 * The composition root: the only place concrete adapters are chosen. It opens the infrastructure
 * (store, bank indexes, keys, workers: composition/infrastructure.ts), builds the services
 * (composition/services.ts) and the features (composition/features.ts), starts them and the job
 * runner, and makes the HTTP app. `startServer` adds the socket; route tests call the app in
 * process.
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
  const infra = await openInfrastructure(config, logger, options.resolveHost);
  const services = await buildServices(config, infra, {
    logger,
    now,
    detectors: options.detectors,
  }).catch(async (error: unknown) => {
    await infra.close(); // a detector that cannot load leaves nothing open
    throw error;
  });
  const { features, jobHandlers } = buildFeatures(config, infra, services, now);
  for (const feature of features) await feature.start();
  const { stores, matcher } = infra;
  const jobRunner = new JobRunner({
    jobs: stores.jobs,
    kinds: JOB_PAYLOADS,
    handlers: jobHandlers,
    now,
    logger,
    onDead: async (job, error) => {
      if (job.kind === 'notice.deliver')
        await services.noticeService.recordDeadDelivery(job, error);
      else logger.warn({ msg: 'job failed for good', kind: job.kind, job: job.id, error });
    },
  });
  if (!options.manualJobs) jobRunner.start();
  const app = createApp({
    features,
    access: stores.access,
    sealer: infra.sealer,
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
      await jobRunner.stop();
      for (const feature of [...features].reverse()) await feature.stop();
      await Promise.all(services.detectors.map(async (detector) => detector.close?.()));
      await infra.close();
    },
  };
}
