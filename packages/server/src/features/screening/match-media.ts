import type { BankMatch, BankMatcher } from '@haechi/banks';
import {
  PDQ_MATCH_RADIUS,
  PDQ_MIN_QUALITY,
  type Hash256,
  type ImageRegion,
  type VpdqFeature,
} from '@haechi/hashing';
import type { HashedMedia, SampledFrame } from './hash-media.js';
import { toSegments, type Segment } from './segments.js';

/** A stretch of a video (or animation) whose sampled frames all match one entry. */
export interface MatchSegment extends Segment {
  /** The smallest distance in the stretch. */
  readonly distance: number;
}

/**
 * A match; for a region of an image or frame, which region (in the decoded pixels); for a video's
 * frames matched against image banks, the closest frame's time and every stretch that matches.
 */
export type MediaMatch = BankMatch & {
  readonly frameTimestampSec?: number;
  readonly region?: ImageRegion;
  readonly segments?: readonly MatchSegment[];
};

/** What one view of an image is queried with: the whole image, or one of its regions. */
interface View {
  readonly hashes: readonly Hash256[];
  readonly region?: ImageRegion;
}

/** PDQ matches of every view, the closest per entry (the whole image first on a tie). */
function matchViews(
  matcher: BankMatcher,
  views: readonly View[],
  banks: ReadonlySet<number> | undefined,
): MediaMatch[] {
  const filter = banks ? { banks } : {};
  const closest = new Map<number, MediaMatch>();
  for (const view of views) {
    if (view.hashes.length === 0) continue;
    const query = view.hashes.length === 1 ? view.hashes[0] : view.hashes;
    for (const match of matcher.matchPdq(query, PDQ_MATCH_RADIUS, filter)) {
      const known = closest.get(match.entryId);
      if (known && known.distance <= match.distance) continue;
      closest.set(match.entryId, view.region ? { ...match, region: view.region } : match);
    }
  }
  return [...closest.values()];
}

/**
 * Every bank entry that hashed media matches, the one rule for screening an upload and for checking
 * whether reported content is still up: its MD5 and SHA-256 exactly; an image by any of its eight
 * dihedral PDQ hashes, or those of a content region (none when quality is too low to match); a
 * video or animation by the vPDQ rule against video banks, and each sampled frame (and its
 * regions) against image banks. `banks` limits the search to those bank ids.
 */
export function matchHashedMedia(
  matcher: BankMatcher,
  media: HashedMedia,
  banks?: ReadonlySet<number>,
): MediaMatch[] {
  const filter = banks ? { banks } : {};
  const exact = [
    ...matcher.matchDigest('md5', media.md5, filter),
    ...matcher.matchDigest('sha256', media.sha256, filter),
  ];
  if (media.kind === 'image') {
    const views: View[] = [{ hashes: media.dihedral.length === 8 ? media.dihedral : [] }];
    for (const r of media.regions) views.push({ hashes: r.hashes, region: r.region });
    return [...matchViews(matcher, views, banks), ...exact];
  }
  return [
    ...matcher.matchVpdq(media.frames, filter),
    ...matchSampledFrames(matcher, media.sampled, banks),
    ...exact,
  ];
}

/** Frames given as vPDQ features only (a client's own hashes): each frame's hash as it is. */
export function matchVideoFrames(
  matcher: BankMatcher,
  frames: readonly VpdqFeature[],
  banks?: ReadonlySet<number>,
): MediaMatch[] {
  const filter = banks ? { banks } : {};
  const sampled = frames.map((f) => ({
    timestampSec: f.timestampSec,
    dihedral: f.quality >= PDQ_MIN_QUALITY ? [f.hash] : [],
    regions: [],
  }));
  return [...matcher.matchVpdq(frames, filter), ...matchSampledFrames(matcher, sampled, banks)];
}

/**
 * Sampled frames against image banks: per entry, the closest frame (its time, and the region when
 * a region matched) and the segments where consecutive sampled frames match it.
 */
export function matchSampledFrames(
  matcher: BankMatcher,
  sampled: readonly SampledFrame[],
  banks?: ReadonlySet<number>,
): MediaMatch[] {
  const hits = new Map<number, Array<{ frame: number; match: MediaMatch }>>();
  for (const [frame, s] of sampled.entries()) {
    const views: View[] = [{ hashes: s.dihedral }];
    for (const r of s.regions) views.push({ hashes: r.hashes, region: r.region });
    for (const match of matchViews(matcher, views, banks)) {
      const list = hits.get(match.entryId) ?? [];
      list.push({ frame, match });
      hits.set(match.entryId, list);
    }
  }
  const times = sampled.map((s) => s.timestampSec);
  const matches: MediaMatch[] = [];
  for (const list of hits.values()) {
    const best = list.reduce((a, b) => (b.match.distance < a.match.distance ? b : a));
    const segments = toSegments(
      times,
      list.map((h) => ({ frame: h.frame, value: h.match.distance })),
      Math.min,
    ).map(({ startSec, endSec, value }) => ({ startSec, endSec, distance: value }));
    matches.push({ ...best.match, frameTimestampSec: times[best.frame], segments });
  }
  return matches.sort((a, b) => a.distance - b.distance || a.entryId - b.entryId);
}
