import { randomBytes } from 'node:crypto';
import {
  AppError,
  JURISDICTION_PROFILES,
  RESTORED_BANK,
  applyRestoredAllowlist,
  evaluatePolicy,
  resolvePolicyRules,
  type AccessStore,
  type Detector,
  type HashMatchSignal,
  type Org,
  type ScreeningRecord,
  type ScreeningStore,
} from '@haechi/core';
import type { BankMatcher } from '@haechi/banks';
import { DIGEST_SIGNAL_TYPES, normalizeSignal, parseVpdqSignal } from '@haechi/exchange';
import { PDQ_MATCH_RADIUS, parseHash256 } from '@haechi/hashing';
import type { BankDirectory } from './bank-directory.js';
import type { HoldPreparer } from './upload-holds.js';
import type { ImageHasher } from './image-hasher.js';
import { hashMedia, type HashedMedia, type MediaLimits } from './hash-media.js';
import { matchHashedMedia, matchVideoFrames, type MediaMatch } from './match-media.js';
import type { DetectionTier } from './async-detection.js';
import { detectMedia, withEnrolmentCrops } from './enrolment-evidence.js';
import type { ScreenRequest, ScreenResult, SubmittedHashes } from './screening-types.js';

export interface ScreeningDeps {
  readonly access: AccessStore;
  readonly screenings: ScreeningStore;
  readonly matcher: BankMatcher;
  readonly directory: BankDirectory;
  readonly detectors: readonly Detector[];
  readonly limits: MediaLimits;
  /** Decodes and hashes images in worker threads. */
  readonly images: ImageHasher;
  readonly now: () => Date;
  /**
   * What a held or referred upload needs besides its record (its bytes kept sealed as possible
   * evidence, its review item), written with the record in one transaction.
   */
  readonly holds: HoldPreparer;
  /**
   * Runs the detectors after the answer, for uploads screened with `detectors: "async"`
   * (AsyncDetection; DETECTORS_IN_REQUEST_ONLY where there is no second tier).
   */
  readonly detection: DetectionTier;
}

/** Screening record ids: unguessable, so knowing one says nothing about another platform's. */
const newScreeningId = (): string => `scr_${randomBytes(16).toString('base64url')}`;

/**
 * Screens one upload (its bytes, or hashes the platform computed): hashes it, matches every bank the
 * platform subscribes to (dihedral variants for images, every sampled frame and the vPDQ rule for
 * videos), runs the detectors, and lets the platform's policy decide. Non-allow verdicts are stored
 * with their evidence; allowed uploads leave nothing behind (privacy by default).
 */
export class ScreeningService {
  constructor(private readonly deps: ScreeningDeps) {}

  async screen(request: ScreenRequest): Promise<ScreenResult> {
    return this.screenFor(await this.requirePlatform(request.orgId), request, true);
  }

  /**
   * Screens content a monitor found on the web for the organisation running the monitor (its
   * subscriptions and jurisdiction). The verdict is recorded, but nothing is held for review: the
   * content is not an upload waiting on a platform, and a notice is the monitor's next step.
   */
  async screenFound(orgId: number, url: string, bytes: Uint8Array): Promise<ScreenResult> {
    const org = await this.deps.access.getOrg(orgId);
    if (!org) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
    return this.screenFor(org, { orgId, url, media: { bytes }, actor: 'system' }, false);
  }

  private async screenFor(
    org: Org,
    request: ScreenRequest,
    notify: boolean,
  ): Promise<ScreenResult> {
    const started = performance.now();
    const profile = JURISDICTION_PROFILES[org.jurisdiction];
    // The required banks and the allowlist of restored items, whatever the platform picked.
    const banks = await this.deps.directory.idsFor(
      org.subscriptions,
      [...profile.requiredBanks, RESTORED_BANK],
      this.deps.matcher.newestBankId,
    );
    if (!request.media && !request.hashes)
      throw new AppError('invalid_input', 'send the media bytes or its hashes');

    let matches: MediaMatch[];
    let hashes: ScreenResult['hashes'];
    let mediaKind: ScreenResult['mediaKind'];
    let media: HashedMedia | null = null;
    if (request.media) {
      media = await hashMedia(request.media.bytes, this.deps.limits, this.deps.images);
      ({ matches, hashes } = this.matchMedia(media, banks));
      mediaKind = media.kind;
    } else {
      ({ matches, hashes } = this.matchSubmitted(request.hashes as SubmittedHashes, banks));
      mediaKind = 'hashes';
    }

    const signals = await this.toSignals(matches);
    const rules = resolvePolicyRules(profile, org.policy);
    const { detection } = this.deps;
    // The second tier: when the platform asks (and this process has room), the answer comes from
    // the hashes and the detectors run after it. A full queue runs them here instead.
    const deferred =
      request.detectors === 'async' &&
      media !== null &&
      notify &&
      detection.enabled &&
      detection.reserve();
    const scores =
      media && request.media && !deferred
        ? await detectMedia(this.deps.detectors, media, request.media.bytes)
        : [];
    const decision = applyRestoredAllowlist(
      evaluatePolicy(rules, { matches: signals, scores }),
      signals,
    );
    // Only an allowed upload waits on its detectors: a verdict from the hashes stands.
    const pending = deferred && decision.verdict === 'allow';
    if (deferred && !pending) detection.release();
    let id: string | null = null;
    if (decision.verdict !== 'allow' || pending) {
      id = newScreeningId();
      const record: ScreeningRecord = {
        id,
        orgId: org.id,
        contentId: request.contentId ?? null,
        url: request.url ?? null,
        verdict: decision.verdict,
        mediaKind,
        status: pending ? 'detecting' : decision.verdict === 'block' ? 'final' : 'pending_review',
        // An allowed upload's record keeps none of its hashes unless its detectors hold it.
        evidence: pending
          ? { reasons: [], jurisdiction: org.jurisdiction }
          : {
              hashes: withEnrolmentCrops(hashes, media, decision.verdict),
              matches: signals,
              scores,
              reasons: decision.reasons,
              jurisdiction: org.jurisdiction,
            },
        createdAt: this.deps.now().toISOString(),
      };
      try {
        // A monitor's finding is no upload waiting on a platform: nothing is held for it.
        await this.deps.screenings.saveScreening(
          record,
          request.actor ?? 'system',
          notify && !pending ? this.deps.holds.prepare(record, request.media?.bytes) : undefined,
        );
      } catch (error) {
        if (pending) detection.release();
        throw error;
      }
      if (pending && media && request.media)
        detection.enqueue({ record, rules, signals, media, hashes, bytes: request.media.bytes });
    }
    return {
      id,
      verdict: decision.verdict,
      reasons: [...decision.reasons],
      mediaKind,
      hashes,
      matches: signals,
      scores,
      detectors: pending
        ? 'pending'
        : media === null || deferred || this.deps.detectors.length === 0
          ? 'skipped'
          : 'done',
      elapsedMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  private async requirePlatform(orgId: number): Promise<Org> {
    const org = await this.deps.access.getOrg(orgId);
    if (!org) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
    if (org.kind !== 'platform') throw new AppError('forbidden', 'only platforms screen uploads');
    return org;
  }

  private matchMedia(
    media: HashedMedia,
    banks: ReadonlySet<number> | undefined,
  ): { matches: MediaMatch[]; hashes: ScreenResult['hashes'] } {
    const matches = matchHashedMedia(this.deps.matcher, media, banks);
    return {
      matches,
      hashes:
        media.kind === 'image'
          ? { pdq: media.pdq, quality: media.quality, md5: media.md5, sha256: media.sha256 }
          : { md5: media.md5, sha256: media.sha256, videoFrames: media.frames.length },
    };
  }

  private matchSubmitted(
    submitted: SubmittedHashes,
    banks: ReadonlySet<number> | undefined,
  ): { matches: MediaMatch[]; hashes: ScreenResult['hashes'] } {
    const { matcher } = this.deps;
    const filter = bankFilter(banks);
    const matches: MediaMatch[] = [];
    const hashes: { pdq?: string; md5?: string; sha256?: string; videoFrames?: number } = {};
    if (submitted.pdq) {
      if (submitted.pdq.length !== 1 && submitted.pdq.length !== 8)
        throw new AppError(
          'invalid_hash',
          `pdq takes 1 hash or the 8 dihedral hashes, got ${submitted.pdq.length}`,
        );
      const parsed = submitted.pdq.map((hex, i) =>
        parseField(() => parseHash256(hex), `pdq[${i}]`),
      );
      hashes.pdq = normalizeSignal('pdq', submitted.pdq[0]);
      matches.push(
        ...(parsed.length === 8
          ? matcher.matchPdq(parsed, PDQ_MATCH_RADIUS, filter)
          : matcher.matchPdq(parsed[0], PDQ_MATCH_RADIUS, filter)),
      );
    }
    for (const type of DIGEST_SIGNAL_TYPES) {
      const value = submitted[type];
      if (value === undefined) continue;
      hashes[type] = parseField(() => normalizeSignal(type, value), type);
      matches.push(...matcher.matchDigest(type, hashes[type], filter));
    }
    if (submitted.vpdq !== undefined) {
      const frames = parseField(() => parseVpdqSignal(submitted.vpdq), 'vpdq');
      hashes.videoFrames = frames.length;
      matches.push(...matchVideoFrames(matcher, frames, banks));
    }
    if (Object.keys(hashes).length === 0)
      throw new AppError('invalid_input', 'give at least one of pdq, md5, sha256, vpdq');
    return { matches, hashes };
  }

  private async toSignals(matches: readonly MediaMatch[]): Promise<HashMatchSignal[]> {
    const seen = new Set<string>();
    const signals: HashMatchSignal[] = [];
    for (const m of matches) {
      const key = `${m.signalType}:${m.entryId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      signals.push({
        bank: await this.deps.directory.nameOf(m.bankId),
        entryId: m.entryId,
        signalType: m.signalType,
        distance: m.distance,
        variant: m.variant,
        ...(m.frameTimestampSec === undefined ? {} : { frameTimestampSec: m.frameTimestampSec }),
        ...(m.crop ? { crop: m.crop } : {}),
        ...(m.region ? { region: m.region } : {}),
        ...(m.segments ? { segments: [...m.segments] } : {}),
      });
    }
    return signals;
  }
}

const bankFilter = (banks: ReadonlySet<number> | undefined) => (banks ? { banks } : {});

function parseField<T>(parse: () => T, field: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_hash', `${field}: ${(error as Error).message}`);
  }
}
