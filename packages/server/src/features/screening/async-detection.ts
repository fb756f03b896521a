import {
  applyRestoredAllowlist,
  evaluatePolicy,
  type Detector,
  type HashMatchSignal,
  type JobStore,
  type PolicyRule,
  type ScreeningEvidence,
  type ScreeningRecord,
  type ScreeningStore,
} from '@haechi/core';
import type { Logger } from '../../logging/logger.js';
import { newJob, type ServerJobHandlers } from '../../services/jobs/job-kinds.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';
import { detectMedia, withEnrolmentCrops } from './enrolment-evidence.js';
import type { HashedMedia } from './hash-media.js';
import type { ScreenResult } from './screening-types.js';
import type { HoldPreparer } from './upload-holds.js';

/** An upload answered from its hashes whose detectors run after the answer. */
export interface PendingDetection {
  /** Its `detecting` record, as stored. */
  readonly record: ScreeningRecord;
  readonly rules: readonly PolicyRule[];
  readonly signals: readonly HashMatchSignal[];
  /** The decoded upload (the image, or a video's sampled frames) and its hashes. */
  readonly media: HashedMedia;
  readonly hashes: ScreenResult['hashes'];
  readonly bytes: Uint8Array;
}

/** What screening asks of the detectors' second tier. */
export interface DetectionTier {
  /** Whether there are detectors to defer at all. */
  readonly enabled: boolean;
  /** Takes a place in the queue, or false when it is full (the detectors then run in the request). */
  reserve(): boolean;
  /** Gives back a place taken and not used. */
  release(): void;
  /** Queues a detection whose place was reserved; its record is already stored. */
  enqueue(pending: PendingDetection): void;
}

/** For a screening service with no second tier (a monitor's): detectors always run in the request. */
export const DETECTORS_IN_REQUEST_ONLY: DetectionTier = {
  enabled: false,
  reserve: () => false,
  release: () => undefined,
  enqueue: () => {
    throw new Error('this screening has no second tier: its detectors run in the request');
  },
};

export interface AsyncDetectionDeps {
  readonly detectors: readonly Detector[];
  readonly screenings: ScreeningStore;
  readonly holds: HoldPreparer;
  readonly jobs: JobStore;
  readonly webhooks: WebhookSender;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Uploads whose detectors may wait at once in this process; more run in their request. */
  readonly maxPending: number;
  /** A `detecting` record this old lost its detectors (its process ended): it is completed. */
  readonly staleAfterMs: number;
}

/**
 * The second tier of screening (`detectors: "async"`): the answer comes from the hashes at once,
 * and the AI detectors run after it, one upload at a time, in this process. When they tighten the
 * verdict (an allowed upload turns out to hold), the record is completed with the hold (sealed
 * bytes, review item) in one transaction, and the platform is told by a signed webhook, delivered
 * by a durable job; the record shows the outcome either way (`GET /v1/screenings/{id}`).
 *
 * The bytes wait in memory, so a process that ends loses its pending detections: their records
 * are completed later as answered (`detectorsLost`), by whichever process sweeps first.
 */
export class AsyncDetection implements DetectionTier {
  private readonly queue: PendingDetection[] = [];
  private reserved = 0;
  private running = false;
  private draining: Promise<void> = Promise.resolve();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: AsyncDetectionDeps) {}

  get enabled(): boolean {
    return this.deps.detectors.length > 0;
  }

  reserve(): boolean {
    if (this.reserved >= this.deps.maxPending) return false;
    this.reserved++;
    return true;
  }

  release(): void {
    this.reserved--;
  }

  enqueue(pending: PendingDetection): void {
    this.queue.push(pending);
    if (!this.running) {
      this.running = true;
      this.draining = this.drain();
    }
  }

  /** Resolves when nothing waits or runs (tests; a graceful stop). */
  async idle(): Promise<void> {
    while (this.running) await this.draining;
  }

  start(): void {
    const sweep = (): void => {
      this.sweep().catch((err: unknown) =>
        this.deps.logger.warn({ msg: 'completing lost detections failed; retrying later', err }),
      );
    };
    sweep();
    this.sweeper = setInterval(sweep, Math.max(1000, this.deps.staleAfterMs / 2));
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.idle();
  }

  /** Completes `detecting` records older than the stale age, as answered. Returns how many. */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - this.deps.staleAfterMs).toISOString();
    let completed = 0;
    for (const record of await this.deps.screenings.listStaleDetections(before, 100)) {
      const done = await this.deps.screenings.completeDetection(
        record.id,
        {
          verdict: record.verdict,
          status: 'final',
          evidence: { ...record.evidence, detectorsLost: true },
        },
        undefined,
        this.deps.now().toISOString(),
      );
      if (done) completed++;
    }
    if (completed > 0)
      this.deps.logger.warn({
        msg: 'uploads whose detectors were lost (a process ended) keep the verdict of their hashes',
        count: completed,
      });
    return completed;
  }

  handlers(): Pick<ServerJobHandlers, 'screening.deliver'> {
    return { 'screening.deliver': (job) => this.deliver(job.payload.screeningId) };
  }

  private async drain(): Promise<void> {
    // `running` is cleared in the same step that finds the queue empty, so an upload queued after
    // that starts a new drain, never waits on one that is ending.
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      try {
        await this.complete(next);
      } catch (err) {
        // The record stays `detecting`; the sweep completes it as answered.
        this.deps.logger.error({ msg: 'async detection failed', screening: next.record.id, err });
      } finally {
        this.reserved--;
      }
    }
    this.running = false;
  }

  private async complete(pending: PendingDetection): Promise<void> {
    const { record, signals, rules } = pending;
    const scores = await detectMedia(this.deps.detectors, pending.media, pending.bytes);
    const decision = applyRestoredAllowlist(evaluatePolicy(rules, { matches: signals, scores }), [
      ...signals,
    ]);
    const at = this.deps.now().toISOString();
    if (decision.verdict === 'allow') {
      // Still allowed: the record keeps no hashes of it, only what the detectors said.
      await this.deps.screenings.completeDetection(
        record.id,
        { verdict: 'allow', status: 'final', evidence: { ...record.evidence, scores } },
        undefined,
        at,
      );
      return;
    }
    // Held now: the record keeps what a held upload's does (its hashes, crops included).
    const evidence: ScreeningEvidence = {
      hashes: withEnrolmentCrops(pending.hashes, pending.media, decision.verdict),
      matches: signals,
      scores,
      reasons: decision.reasons,
      ...(record.evidence.jurisdiction ? { jurisdiction: record.evidence.jurisdiction } : {}),
    };
    const status = decision.verdict === 'block' ? 'final' : 'pending_review';
    const tightened: ScreeningRecord = { ...record, verdict: decision.verdict, status, evidence };
    const done = await this.deps.screenings.completeDetection(
      record.id,
      { verdict: decision.verdict, status, evidence },
      this.deps.holds.prepare(tightened, pending.bytes),
      at,
    );
    if (done)
      await this.deps.jobs.schedule(
        newJob('screening.deliver', {
          runAt: at,
          payload: { screeningId: record.id },
          dedupeKey: `screening:${record.id}:deliver`,
        }),
        at,
      );
  }

  /** Tells the platform its upload's verdict tightened (signed; retried by the job runner). */
  private async deliver(screeningId: string): Promise<void> {
    const record = await this.deps.screenings.getScreening(screeningId);
    if (!record) return;
    const body = JSON.stringify({
      type: 'screening.updated',
      screening: {
        id: record.id,
        contentId: record.contentId,
        verdict: record.verdict,
        previousVerdict: 'allow',
        status: record.status,
        reasons: record.evidence.reasons ?? [],
        scores: record.evidence.scores ?? [],
      },
    });
    await this.deps.webhooks.push(record.orgId, body);
  }
}
