import type { AuditEntry } from './audit-chain.js';

/**
 * A signed statement of the audit chain's head at a moment: "entry #seq has this hash". Kept
 * outside the store, signed with a key the database does not hold, it lets `verify` see what the
 * chain alone cannot: a deleted tail (the log ends before an anchored seq) and a chain recomputed
 * after entries were removed or changed (the anchored entry no longer has the anchored hash).
 * seq 0 anchors the empty log (the genesis).
 */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  /** SHA-256 of the signing key's public key (SPKI DER), hex. */
  readonly keyFingerprint: string;
  /** Ed25519 over {@link anchorMessage}, base64. */
  readonly signature: string;
}

/** The exact bytes an anchor's signature covers. */
export function anchorMessage(anchor: Pick<AuditAnchor, 'seq' | 'hash' | 'at'>): string {
  return `haechi-audit-anchor/1\n${anchor.seq}\n${anchor.hash}\n${anchor.at}`;
}

export type AnchorVerdict =
  | { readonly ok: true; readonly anchors: number; readonly latestSeq: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks anchors (whose signatures were already checked) against a chain streaming by in seq
 * order, after the chain's own verifier accepted each entry: every anchored seq must be present
 * with the anchored hash, and the log must reach the latest anchored seq.
 */
export class AnchorChecker {
  private readonly bySeq = new Map<number, AuditAnchor>();
  private readonly latest: number;
  private broken: string | null = null;
  private head = 0;

  constructor(anchors: readonly AuditAnchor[]) {
    for (const anchor of anchors) this.bySeq.set(anchor.seq, anchor);
    this.latest = anchors.reduce((max, a) => Math.max(max, a.seq), 0);
  }

  push(entry: Pick<AuditEntry, 'seq' | 'hash'>): boolean {
    if (this.broken) return false;
    this.head = entry.seq;
    const anchor = this.bySeq.get(entry.seq);
    if (anchor && anchor.hash !== entry.hash)
      this.broken = `entry #${entry.seq} is not the one anchored at ${anchor.at} (the chain was rewritten from there or before)`;
    return this.broken === null;
  }

  result(): AnchorVerdict {
    if (this.broken) return { ok: false, reason: this.broken };
    if (this.head < this.latest)
      return {
        ok: false,
        reason: `the log ends at entry #${this.head}, but entry #${this.latest} was anchored (entries were deleted from its end)`,
      };
    return { ok: true, anchors: this.bySeq.size, latestSeq: this.latest };
  }
}
