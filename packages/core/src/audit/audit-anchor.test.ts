import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AnchorChecker, anchorMessage, type AuditAnchor } from './audit-anchor.js';
import { chainAuditEntry, type AuditEntry } from './audit-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const chain = (n: number): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++)
    entries.push(
      chainAuditEntry(
        {
          at: `2026-12-04T09:00:0${i}.000Z`,
          actor: 'system',
          action: 'bank.created',
          objectType: 'bank',
          objectId: String(i),
          beforeDigest: null,
          afterDigest: null,
          details: {},
        },
        entries.at(-1) ?? null,
        sha256,
      ),
    );
  return entries;
};
const anchor = (e: Pick<AuditEntry, 'seq' | 'hash'>): AuditAnchor => ({
  seq: e.seq,
  hash: e.hash,
  at: '2026-12-04T10:00:00.000Z',
  keyFingerprint: 'k',
  signature: 's',
});
const check = (entries: readonly AuditEntry[], anchors: readonly AuditAnchor[]) => {
  const checker = new AnchorChecker(anchors);
  for (const e of entries) if (!checker.push(e)) break;
  return checker.result();
};

describe('AnchorChecker', () => {
  const log = chain(5);
  it('accepts a log that holds every anchored entry and reaches the latest', () => {
    expect(
      check(log, [anchor({ seq: 0, hash: '0'.repeat(64) }), anchor(log[1]), anchor(log[4])]),
    ).toEqual({
      ok: true,
      anchors: 3,
      latestSeq: 5,
    });
  });
  it('names a cut tail', () => {
    expect(check(log.slice(0, 3), [anchor(log[4])])).toEqual({
      ok: false,
      reason:
        'the log ends at entry #3, but entry #5 was anchored (entries were deleted from its end)',
    });
  });
  it('names an anchored entry whose hash changed (a recomputed chain)', () => {
    const rewritten = chain(5).map((e, i) => (i >= 2 ? { ...e, hash: sha256(e.hash) } : e));
    expect(check(rewritten, [anchor(log[3])])).toEqual({
      ok: false,
      reason:
        'entry #4 is not the one anchored at 2026-12-04T10:00:00.000Z (the chain was rewritten from there or before)',
    });
  });
  it('signs exactly the seq, hash and time', () => {
    expect(anchorMessage({ seq: 7, hash: 'ab', at: 'T' })).toBe('haechi-audit-anchor/1\n7\nab\nT');
  });
});
