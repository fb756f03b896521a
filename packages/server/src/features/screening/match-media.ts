import type { BankMatch, BankMatcher } from '@haechi/banks';
import { PDQ_MATCH_RADIUS, PDQ_MIN_QUALITY, type VpdqFeature } from '@haechi/hashing';
import type { HashedMedia } from './hash-media.js';

/** A match, and for a video's frame matched against image banks, when that frame is shown. */
export type MediaMatch = BankMatch & { readonly frameTimestampSec?: number };

/**
 * Every bank entry that hashed media matches, the one rule for screening an upload and for checking
 * whether reported content is still up: its MD5 and SHA-256 exactly; an image by any of its eight
 * dihedral PDQ hashes (none when its quality is too low to match); a video by the vPDQ rule against
 * video banks, and each frame of enough quality against image banks (a video made from a known
 * picture), keeping the closest frame per entry. `banks` limits the search to those bank ids.
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
    const pdq =
      media.dihedral.length === 8 ? matcher.matchPdq(media.dihedral, PDQ_MATCH_RADIUS, filter) : [];
    return [...pdq, ...exact];
  }
  return [...matchVideoFrames(matcher, media.frames, banks), ...exact];
}

/**
 * A video's frames: the whole video against video banks by the vPDQ rule, and each frame of enough
 * quality against image banks, keeping the closest frame per entry and when it is shown.
 */
export function matchVideoFrames(
  matcher: BankMatcher,
  frames: readonly VpdqFeature[],
  banks?: ReadonlySet<number>,
): MediaMatch[] {
  const filter = banks ? { banks } : {};
  const closest = new Map<number, MediaMatch>();
  for (const frame of frames) {
    if (frame.quality < PDQ_MIN_QUALITY) continue;
    for (const match of matcher.matchPdq(frame.hash, PDQ_MATCH_RADIUS, filter)) {
      const known = closest.get(match.entryId);
      if (!known || match.distance < known.distance)
        closest.set(match.entryId, { ...match, frameTimestampSec: frame.timestampSec });
    }
  }
  return [...matcher.matchVpdq(frames, filter), ...closest.values()];
}
