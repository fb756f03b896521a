import type {
  DetectorScore,
  HashMatchSignal,
  PolicyReason,
  ScreenedHashes,
  Verdict,
} from '@haechi/core';

/** Hashes a platform computed itself (the hash-only path: no bytes leave the platform). */
export interface SubmittedHashes {
  /** One PDQ hash, or the 8 dihedral hashes in the reference's order. */
  readonly pdq?: readonly string[] | undefined;
  readonly md5?: string | undefined;
  readonly sha256?: string | undefined;
  /** A video's vPDQ frames, as the `vpdq` signal string. */
  readonly vpdq?: string | undefined;
}

export interface ScreenRequest {
  readonly orgId: number;
  /** Who asked (`key:<prefix>`), for the audit log of a stored verdict. */
  readonly actor?: string;
  readonly contentId?: string;
  readonly url?: string;
  readonly media?: { readonly bytes: Uint8Array };
  readonly hashes?: SubmittedHashes;
  /** `async`: answer from the hashes now, run the detectors after (default `sync`). */
  readonly detectors?: 'sync' | 'async';
}

export interface ScreenResult {
  /** The stored record's id, for every verdict but `allow` (allowed uploads leave no record). */
  readonly id: string | null;
  readonly verdict: Verdict;
  readonly reasons: PolicyReason[];
  readonly mediaKind: 'image' | 'video' | 'hashes';
  readonly hashes: ScreenedHashes;
  readonly matches: HashMatchSignal[];
  readonly scores: DetectorScore[];
  /**
   * `done`: the detectors ran and their scores are here; `pending`: they run after this answer
   * (the verdict may tighten: a webhook, and GET /v1/screenings/{id}); `skipped`: none ran (hashes
   * sent, no detectors configured, or the hashes decided an async screening).
   */
  readonly detectors: 'done' | 'pending' | 'skipped';
  readonly elapsedMs: number;
}
