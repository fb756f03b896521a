import { PDQ_MATCH_RADIUS, PDQ_MIN_QUALITY } from '../pdq/thresholds.js';
import type { VpdqFeature } from '../vpdq/vpdq-hasher.js';
import { matchVpdq, type VpdqMatchOptions, type VpdqMatchResult } from '../vpdq/vpdq-match.js';
import { PdqIndex } from './pdq-index.js';

/** A stored video that matches the query under the vPDQ rule. */
export interface VpdqIndexMatch extends VpdqMatchResult {
  readonly videoId: number;
}

interface StoredVideo {
  readonly features: readonly VpdqFeature[];
  readonly frameIds: readonly number[];
}

/**
 * Stored vPDQ hashes searchable by a query video. Every frame of every video sits in one PdqIndex;
 * a query compares, with the exact vPDQ rule, only the videos that share at least one frame within
 * the radius (a video without such a frame cannot reach a non-zero match percentage).
 */
export class VpdqIndex {
  private readonly frames = new PdqIndex();
  private readonly frameOwner = new Map<number, number>();
  private readonly videos = new Map<number, StoredVideo>();
  private nextFrameId = 0;

  get count(): number {
    return this.videos.size;
  }

  has(videoId: number): boolean {
    return this.videos.has(videoId);
  }

  /** Every stored video with its features (for a snapshot: vPDQ banks are small, re-added on load). */
  *entries(): IterableIterator<[number, readonly VpdqFeature[]]> {
    for (const [videoId, video] of this.videos) yield [videoId, video.features];
  }

  add(videoId: number, features: readonly VpdqFeature[]): void {
    if (this.videos.has(videoId)) throw new RangeError(`video ${videoId} is already in the index`);
    const frameIds = features.map((feature) => {
      const frameId = this.nextFrameId++;
      this.frames.add(frameId, feature.hash);
      this.frameOwner.set(frameId, videoId);
      return frameId;
    });
    this.videos.set(videoId, { features: [...features], frameIds });
  }

  remove(videoId: number): boolean {
    const video = this.videos.get(videoId);
    if (!video) return false;
    for (const frameId of video.frameIds) {
      this.frames.remove(frameId);
      this.frameOwner.delete(frameId);
    }
    this.videos.delete(videoId);
    return true;
  }

  /** Stored videos matching `query` (vPDQ rule and thresholds of `options`), best candidate share first. */
  query(query: readonly VpdqFeature[], options: VpdqMatchOptions = {}): VpdqIndexMatch[] {
    const radius = options.distance ?? PDQ_MATCH_RADIUS;
    const minQuality = options.minQuality ?? PDQ_MIN_QUALITY;
    const candidates = new Set<number>();
    for (const frame of query) {
      if (frame.quality < minQuality) continue;
      for (const { id } of this.frames.query(frame.hash, radius))
        candidates.add(this.frameOwner.get(id) as number);
    }
    const matches: VpdqIndexMatch[] = [];
    for (const videoId of candidates) {
      const result = matchVpdq(query, (this.videos.get(videoId) as StoredVideo).features, options);
      if (result.isMatch) matches.push({ videoId, ...result });
    }
    return matches.sort(
      (a, b) => b.candidateMatchPercent - a.candidateMatchPercent || a.videoId - b.videoId,
    );
  }
}
