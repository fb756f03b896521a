import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainAuditEntry, verifyAuditChain, type AuditEntry } from './audit-chain.js';
import { UnorderedAuditChainVerifier } from './unordered-chain-verifier.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++)
    entries.push(
      chainAuditEntry(
        {
          at: `2026-12-03T09:00:00.${String(i).padStart(3, '0')}Z`,
          actor: 'system',
          action: 'bank.entries_added',
          objectType: 'bank',
          objectId: '1',
          beforeDigest: null,
          afterDigest: null,
          details: { added: i },
        },
        entries[i - 2] ?? null,
        sha256,
      ),
    );
  return entries;
}
/** A fixed shuffle: disk order is not seq order. */
const shuffled = (entries: AuditEntry[]) =>
  entries
    .map((entry, i) => ({ entry, key: (i * 7919) % 2503 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.entry);
const unordered = (entries: AuditEntry[]) => {
  const verifier = new UnorderedAuditChainVerifier(sha256);
  for (const entry of shuffled(entries)) verifier.push(entry);
  return verifier.result();
};

describe('verifying a chain that arrives out of order', () => {
  it('gives the in-order verdict for an intact chain, past its first growth', () => {
    const entries = chain(3000);
    const verdict = unordered(entries);
    expect(verdict).toEqual(verifyAuditChain(entries, sha256));
    expect(verdict).toEqual({ ok: true, count: 3000, headHash: entries[2999].hash });
    expect(new UnorderedAuditChainVerifier(sha256).result()).toEqual(verifyAuditChain([], sha256));
  });

  it('names the same first break as the in-order verifier', () => {
    const entries = chain(50);
    const edited = entries.map((e) => (e.seq === 20 ? { ...e, actor: 'someone-else' } : e));
    const deleted = entries.filter((e) => e.seq !== 31);
    const relinked = entries.map((e) => (e.seq === 12 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    const garbled = entries.map((e) => (e.seq === 8 ? { ...e, prevHash: 'not hex' } : e));
    const duplicated = [...entries, entries[40]];
    for (const tampered of [edited, deleted, relinked, garbled, duplicated]) {
      const inOrder = verifyAuditChain(
        [...tampered].sort((a, b) => a.seq - b.seq),
        sha256,
      );
      expect(inOrder.ok).toBe(false);
      expect(unordered(tampered)).toEqual(inOrder);
    }
    expect(unordered(edited)).toEqual({
      ok: false,
      count: 19,
      seq: 20,
      reason: 'its content does not match its hash (the entry was edited)',
    });
    expect(unordered(deleted)).toMatchObject({
      seq: 32,
      reason: 'expected entry #31 next, found #32 (an entry was deleted or moved)',
    });
  });
});
