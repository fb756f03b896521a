import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  canonicalJson,
  chainAuditEntry,
  computeAuditHash,
  verifyAuditChain,
  type AuditEntry,
  type AuditRecord,
} from './audit-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const record = (n: number): AuditRecord => ({
  at: `2026-11-25T06:00:0${n}.000Z`,
  actor: 'user:1',
  action: 'bank.entries_added',
  objectType: 'bank',
  objectId: String(n),
  beforeDigest: null,
  afterDigest: sha256(`state ${n}`),
  details: { added: n, note: 'ü' },
});
function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++)
    entries.push(chainAuditEntry(record(i), entries[i - 2] ?? null, sha256));
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('the audit chain', () => {
  it('links each entry to the one before it', () => {
    const [first, second] = chain(2);
    expect([first.seq, first.prevHash, second.seq, second.prevHash]).toEqual([
      1,
      AUDIT_GENESIS_HASH,
      2,
      first.hash,
    ]);
    expect(first.hash).toBe(computeAuditHash({ ...first, hash: undefined } as never, sha256));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies an intact chain and reports its head', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries, sha256)).toEqual({
      ok: true,
      count: 5,
      headHash: entries[4].hash,
    });
    expect(verifyAuditChain([], sha256)).toEqual({
      ok: true,
      count: 0,
      headHash: AUDIT_GENESIS_HASH,
    });
  });

  it('names the first edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], details: { added: 999, note: 'ü' } };
    expect(verifyAuditChain(entries, sha256)).toEqual({
      ok: false,
      count: 2,
      seq: 3,
      reason: 'its content does not match its hash (the entry was edited)',
    });
  });

  it('names a deletion, a reordering and a rewritten entry with a fresh hash', () => {
    const deleted = chain(5).filter((e) => e.seq !== 2);
    expect(verifyAuditChain(deleted, sha256)).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'expected entry #2 next, found #3 (an entry was deleted or moved)',
    });
    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verifyAuditChain(swapped, sha256)).toMatchObject({ ok: false, seq: 3 });
    // Someone edits entry 2 and recomputes its hash: entry 3's link gives it away.
    const rewritten = chain(4);
    const edited = { ...rewritten[1], actor: 'user:2' };
    rewritten[1] = { ...edited, hash: computeAuditHash(edited, sha256) };
    expect(verifyAuditChain(rewritten, sha256)).toMatchObject({
      ok: false,
      seq: 3,
      reason:
        'its link to the previous entry does not match (an entry before it was changed or replaced)',
    });
  });
});
