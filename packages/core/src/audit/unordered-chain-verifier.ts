import {
  AUDIT_GENESIS_HASH,
  computeAuditHash,
  type AuditEntry,
  type AuditVerdict,
  type Sha256Hex,
} from './audit-chain.js';

const HEX64 = /^[0-9a-f]{64}$/;
const LINK_FLAWED = 1;
const CONTENT_EDITED = 2;

/**
 * Verifies a chain whose entries arrive in any order (a database dump lists rows as they lie on
 * disk, not by seq). Each entry's own hash is checked as it arrives; what the links need is kept
 * compactly (72 bytes an entry), and `result` walks the entries in seq order with the same checks
 * and messages as {@link AuditChainVerifier}, so both name the same first break.
 */
export class UnorderedAuditChainVerifier {
  private seqs = new Float64Array(1024);
  /** prevHash then hash, 32 bytes each, per entry. */
  private links = new Uint8Array(1024 * 64);
  private flaws = new Uint8Array(1024);
  private size = 0;

  constructor(private readonly sha256: Sha256Hex) {}

  push(entry: AuditEntry): void {
    if (this.size === this.seqs.length) this.grow();
    const i = this.size++;
    this.seqs[i] = entry.seq;
    let flaw = 0;
    if (!HEX64.test(entry.prevHash) || !HEX64.test(entry.hash)) flaw |= LINK_FLAWED;
    else {
      writeHex(this.links, i * 64, entry.prevHash);
      writeHex(this.links, i * 64 + 32, entry.hash);
    }
    if (computeAuditHash(entry, this.sha256) !== entry.hash) flaw |= CONTENT_EDITED;
    this.flaws[i] = flaw;
  }

  result(): AuditVerdict {
    const order = Uint32Array.from({ length: this.size }, (_, i) => i).sort(
      (a, b) => this.seqs[a] - this.seqs[b],
    );
    let previousSeq = 0;
    let previousHash: Uint8Array = hexBytes(AUDIT_GENESIS_HASH);
    let count = 0;
    for (const i of order) {
      const seq = this.seqs[i];
      const broken = (reason: string): AuditVerdict => ({ ok: false, count, seq, reason });
      if (seq !== previousSeq + 1)
        return broken(
          `expected entry #${previousSeq + 1} next, found #${seq} (an entry was deleted or moved)`,
        );
      const flaw = this.flaws[i];
      const prev = this.links.subarray(i * 64, i * 64 + 32);
      if (flaw & LINK_FLAWED || !sameBytes(prev, previousHash))
        return broken(
          'its link to the previous entry does not match (an entry before it was changed or replaced)',
        );
      if (flaw & CONTENT_EDITED)
        return broken('its content does not match its hash (the entry was edited)');
      previousSeq = seq;
      previousHash = this.links.subarray(i * 64 + 32, i * 64 + 64);
      count++;
    }
    return { ok: true, count, headHash: bytesHex(previousHash) };
  }

  private grow(): void {
    const capacity = this.seqs.length * 2;
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const links = new Uint8Array(capacity * 64);
    links.set(this.links);
    const flaws = new Uint8Array(capacity);
    flaws.set(this.flaws);
    [this.seqs, this.links, this.flaws] = [seqs, links, flaws];
  }
}

function writeHex(target: Uint8Array, offset: number, hex: string): void {
  for (let b = 0; b < 32; b++) target[offset + b] = parseInt(hex.slice(b * 2, b * 2 + 2), 16);
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(32);
  writeHex(bytes, 0, hex);
  return bytes;
}

const bytesHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
  return true;
}
