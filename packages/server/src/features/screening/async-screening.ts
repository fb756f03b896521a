import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isAppError, type ScreenJob, type ScreenJobStore } from '@haechi/core';
import type { Logger } from '../../logging/logger.js';
import { checkPublicUrl } from '../../services/outbound/outbound-fetch.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';
import type { ScreeningService } from './screening-service.js';

export interface AsyncScreeningDeps {
  readonly jobs: ScreenJobStore;
  readonly screening: ScreeningService;
  /** Uploads wait here (mode 0600) until screened, then are deleted. */
  readonly spoolDir: string;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly allowPrivateCallbacks: boolean;
  /** Signs and sends the callbacks (with the platform's sealed secret, to public addresses). */
  readonly webhooks: WebhookSender;
  /** Waits between callback attempts (default 1 s, 5 s, 25 s). */
  readonly retryDelaysMs?: readonly number[];
}

/**
 * Screening for uploads too long to answer in one request (long videos): the bytes are spooled to
 * disk, a durable job is queued, and the result is POSTed, signed, to the platform's callback URL
 * (it can also poll the job). A restart re-runs jobs that were running; the spool file is removed
 * as soon as the job ends, whatever the outcome.
 */
export class AsyncScreening {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly deps: AsyncScreeningDeps) {}

  async enqueue(input: {
    orgId: number;
    bytes: Uint8Array;
    callbackUrl: string;
    contentId?: string;
    url?: string;
  }): Promise<ScreenJob> {
    await checkPublicUrl(
      input.callbackUrl,
      { allowPrivate: this.deps.allowPrivateCallbacks },
      'callbackUrl',
    );
    if ((await this.deps.webhooks.secretOf(input.orgId)) === null)
      throw new AppError(
        'invalid_input',
        'set a webhook secret first (POST /v1/webhook-secret): callbacks are signed with it',
      );
    if (input.bytes.length === 0) throw new AppError('media_empty', 'the file is empty (0 bytes)');
    const id = `job_${randomBytes(16).toString('base64url')}`;
    await mkdir(this.deps.spoolDir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.deps.spoolDir, id), input.bytes, { mode: 0o600 });
    const at = this.deps.now().toISOString();
    await this.deps.jobs.enqueue({
      id,
      orgId: input.orgId,
      callbackUrl: input.callbackUrl,
      contentId: input.contentId ?? null,
      url: input.url ?? null,
      createdAt: at,
    });
    this.wake?.();
    return (await this.deps.jobs.getJob(id)) as ScreenJob;
  }

  /** Starts the worker: first re-queues jobs a crash left running. */
  async start(): Promise<void> {
    const requeued = await this.deps.jobs.requeueRunning(this.deps.now().toISOString());
    if (requeued > 0)
      this.deps.logger.warn({ msg: 'requeued interrupted screening jobs', count: requeued });
    this.running = true;
    this.loop = this.work();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async work(): Promise<void> {
    const idle = () =>
      new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 1000).unref();
      });
    while (this.running) {
      try {
        const job = await this.deps.jobs.claimNext(this.deps.now().toISOString());
        if (job) await this.run(job);
        else await idle();
      } catch (err) {
        // The store failed (a database restart): wait, then go on. A job whose result could not
        // be written stays `running` and is queued again when a process next starts.
        this.deps.logger.warn({ msg: 'screening jobs: the store failed; retrying', err });
        await idle();
      }
    }
  }

  private async run(job: ScreenJob): Promise<void> {
    const file = join(this.deps.spoolDir, job.id);
    try {
      const bytes = new Uint8Array(await readFile(file));
      const result = await this.deps.screening.screen({
        orgId: job.orgId,
        actor: `job:${job.id}`,
        media: { bytes },
        ...(job.contentId === null ? {} : { contentId: job.contentId }),
        ...(job.url === null ? {} : { url: job.url }),
      });
      await this.deps.jobs.finish(job.id, { result: { ...result } }, this.deps.now().toISOString());
    } catch (error) {
      const known = isAppError(error) ? error : new AppError('internal', 'the screening failed');
      if (!isAppError(error))
        this.deps.logger.error({ msg: 'screening job failed', job: job.id, err: error });
      await this.deps.jobs.finish(
        job.id,
        { error: { code: known.code, message: known.message } },
        this.deps.now().toISOString(),
      );
    } finally {
      await rm(file, { force: true });
    }
    await this.deliver(job.id);
  }

  private async deliver(id: string): Promise<void> {
    const job = (await this.deps.jobs.getJob(id)) as ScreenJob;
    const secret = await this.deps.webhooks.secretOf(job.orgId);
    const body = JSON.stringify({ type: 'screening.completed', job: publicJob(job) });
    const delays = this.deps.retryDelaysMs ?? [1000, 5000, 25_000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      const ok = secret !== null && (await this.post(job.callbackUrl, body, secret));
      if (ok) {
        await this.deps.jobs.recordCallback(id, 'delivered', this.deps.now().toISOString());
        return;
      }
      if (attempt === delays.length || !this.running) break;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
    await this.deps.jobs.recordCallback(id, 'failed', this.deps.now().toISOString());
    this.deps.logger.warn({
      msg: 'callback not delivered; the platform can poll the job',
      job: id,
    });
  }

  private async post(url: string, body: string, secret: string): Promise<boolean> {
    const status = await this.deps.webhooks.post(url, body, secret);
    return status >= 200 && status < 300;
  }
}

/** The job as the platform sees it (through the callback or GET /v1/screen/jobs/{id}). */
export function publicJob(job: ScreenJob): Record<string, unknown> {
  return {
    id: job.id,
    status: job.status,
    contentId: job.contentId,
    url: job.url,
    result: job.result,
    error: job.error,
    callback: { status: job.callbackStatus, attempts: job.callbackAttempts },
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
