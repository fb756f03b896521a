import { formatHash256, hammingDistance } from '../pdq/hash256.js';
import { PDQ_MATCH_RADIUS, PDQ_MIN_QUALITY } from '../pdq/thresholds.js';
import type { VpdqFeature } from './vpdq-hasher.js';

/** Percentage of the candidate's frames that must be matched for a vPDQ match (reference default). */
export const VPDQ_CANDIDATE_MATCH_PERCENT = 80;
/** Percentage of the query's frames that must be matched (reference default: any). */
export const VPDQ_QUERY_MATCH_PERCENT = 0;

export interface VpdqMatchOptions {
  readonly distance?: number;
  readonly minQuality?: number;
  readonly queryMatchPercent?: number;
  readonly candidateMatchPercent?: number;
}

/** Where in the two videos a query frame found its closest candidate frame. */
export interface VpdqFramePair {
  readonly query: VpdqFeature;
  readonly candidate: VpdqFeature;
  readonly distance: number;
}

export interface VpdqMatchResult {
  readonly isMatch: boolean;
  /** 100 · matched query frames / query frames considered (after quality filter and de-duplication). */
  readonly queryMatchPercent: number;
  /** 100 · matched candidate frames / candidate frames considered. */
  readonly candidateMatchPercent: number;
  /** Each matched query frame with its nearest candidate frame, in query order. */
  readonly framePairs: readonly VpdqFramePair[];
}

/** Reliable frames with each distinct hash once (the first occurrence is kept). */
function filterFrames(features: readonly VpdqFeature[], minQuality: number): VpdqFeature[] {
  const seen = new Set<string>();
  const kept: VpdqFeature[] = [];
  for (const f of features) {
    if (f.quality < minQuality) continue;
    const key = formatHash256(f.hash);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
  }
  return kept;
}

/**
 * The vPDQ match rule: frames are a bag (order and time ignored). Frames below the quality threshold
 * are dropped and identical hashes counted once; a query frame is matched when some candidate frame
 * is within `distance`, and vice versa. A match needs both percentages at or above their thresholds.
 * This is the exact quadratic comparison: the index in the matching package narrows candidates first.
 */
export function matchVpdq(
  query: readonly VpdqFeature[],
  candidate: readonly VpdqFeature[],
  options: VpdqMatchOptions = {},
): VpdqMatchResult {
  const radius = options.distance ?? PDQ_MATCH_RADIUS;
  const minQuality = options.minQuality ?? PDQ_MIN_QUALITY;
  const needQuery = options.queryMatchPercent ?? VPDQ_QUERY_MATCH_PERCENT;
  const needCandidate = options.candidateMatchPercent ?? VPDQ_CANDIDATE_MATCH_PERCENT;
  const q = filterFrames(query, minQuality);
  const c = filterFrames(candidate, minQuality);
  if (q.length === 0 || c.length === 0) {
    return { isMatch: false, queryMatchPercent: 0, candidateMatchPercent: 0, framePairs: [] };
  }

  const candidateMatched = new Uint8Array(c.length);
  const framePairs: VpdqFramePair[] = [];
  for (const qf of q) {
    let best: VpdqFramePair | null = null;
    for (let j = 0; j < c.length; j++) {
      const cf = c[j];
      const distance = hammingDistance(qf.hash, cf.hash);
      if (distance > radius) continue;
      candidateMatched[j] = 1;
      if (!best || distance < best.distance) best = { query: qf, candidate: cf, distance };
    }
    if (best) framePairs.push(best);
  }
  const matchedCandidates = candidateMatched.reduce((sum, m) => sum + m, 0);
  const queryMatchPercent = (100 * framePairs.length) / q.length;
  const candidateMatchPercent = (100 * matchedCandidates) / c.length;
  return {
    isMatch: queryMatchPercent >= needQuery && candidateMatchPercent >= needCandidate,
    queryMatchPercent,
    candidateMatchPercent,
    framePairs,
  };
}
