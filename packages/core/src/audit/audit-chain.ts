import type { AuditAction } from './audit-actions.js';

/** What a change appends to the audit log (the store adds seq and the chain hashes). */
export interface AuditRecord {
  readonly at: string;
  /** `user:<id>`, `key:<prefix>`, `cli:<name>`, `system`: never a name or an email. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly objectType: string;
  readonly objectId: string;
  /** SHA-256 of the object's canonical JSON before and after the change (null: none). */
  readonly beforeDigest: string | null;
  readonly afterDigest: string | null;
  /** Small facts about the change (counts, ids); never personal data or content. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditRecord {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The prevHash of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 of a text's UTF-8 bytes, as lower-case hex. Passed in rather than imported: core depends
 * on no package of ours (callers use @haechi/hashing's sha256Hex, or node:crypto on a server).
 */
export type Sha256Hex = (text: string) => string;

/** SHA-256 of a value's canonical JSON: the before/after digest of an object. */
export function digestOf(value: unknown, sha256: Sha256Hex): string {
  return sha256(canonicalJson(value));
}

/** The hash of an entry: every field but the hash itself, chained to the previous entry's hash. */
export function computeAuditHash(entry: Omit<AuditEntry, 'hash'>, sha256: Sha256Hex): string {
  return digestOf(
    {
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      beforeDigest: entry.beforeDigest,
      afterDigest: entry.afterDigest,
      details: entry.details,
      prevHash: entry.prevHash,
    },
    sha256,
  );
}

/** Appends to a chain: the next entry after `previous` (or the first, when there is none). */
export function chainAuditEntry(
  record: AuditRecord,
  previous: Pick<AuditEntry, 'seq' | 'hash'> | null,
  sha256: Sha256Hex,
): AuditEntry {
  const base = {
    ...record,
    seq: (previous?.seq ?? 0) + 1,
    prevHash: previous?.hash ?? AUDIT_GENESIS_HASH,
  };
  return { ...base, hash: computeAuditHash(base, sha256) };
}

export type AuditVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly count: number; readonly seq: number; readonly reason: string };

/**
 * Checks a chain as it streams by, entry by entry: each must follow the previous one's seq and
 * hash, and hash to what it says. The first entry that does not names the break: an edited entry
 * fails its own hash; a deleted or reordered one breaks the seq or prevHash of the next.
 */
export class AuditChainVerifier {
  private previous: Pick<AuditEntry, 'seq' | 'hash'> = { seq: 0, hash: AUDIT_GENESIS_HASH };
  private count = 0;
  private broken: { seq: number; reason: string } | null = null;

  constructor(private readonly sha256: Sha256Hex) {}

  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const expectedSeq = this.previous.seq + 1;
    if (entry.seq !== expectedSeq) {
      this.broken = {
        seq: entry.seq,
        reason: `expected entry #${expectedSeq} next, found #${entry.seq} (an entry was deleted or moved)`,
      };
    } else if (entry.prevHash !== this.previous.hash) {
      this.broken = {
        seq: entry.seq,
        reason:
          'its link to the previous entry does not match (an entry before it was changed or replaced)',
      };
    } else if (computeAuditHash(entry, this.sha256) !== entry.hash) {
      this.broken = {
        seq: entry.seq,
        reason: 'its content does not match its hash (the entry was edited)',
      };
    }
    if (this.broken) return false;
    this.previous = entry;
    this.count++;
    return true;
  }

  result(): AuditVerdict {
    return this.broken
      ? { ok: false, count: this.count, ...this.broken }
      : { ok: true, count: this.count, headHash: this.previous.hash };
  }
}

/** Verifies a whole chain held in memory (tests, small exports). */
export function verifyAuditChain(entries: Iterable<AuditEntry>, sha256: Sha256Hex): AuditVerdict {
  const verifier = new AuditChainVerifier(sha256);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}
