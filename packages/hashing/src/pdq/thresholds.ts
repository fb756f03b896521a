/**
 * Two PDQ hashes match when their Hamming distance is at most this (the reference's default,
 * used by StopNCII, ThreatExchange and Meta's HMA).
 */
export const PDQ_MATCH_RADIUS = 31;

/** Hashes below this quality are unreliable; the reference tools do not match them. */
export const PDQ_MIN_QUALITY = 50;

/** The best quality a PDQ hash can have. */
export const PDQ_MAX_QUALITY = 100;

/** True when `distance` is within the match radius (default {@link PDQ_MATCH_RADIUS}). */
export function isPdqMatch(distance: number, radius: number = PDQ_MATCH_RADIUS): boolean {
  return distance <= radius;
}

/** True when a hash of this quality is reliable enough to match (default {@link PDQ_MIN_QUALITY}). */
export function isReliableQuality(quality: number, minQuality: number = PDQ_MIN_QUALITY): boolean {
  return quality >= minQuality;
}
