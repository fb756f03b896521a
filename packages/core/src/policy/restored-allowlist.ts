import type { HashMatchSignal } from '../screening/signals.js';
import type { PolicyDecision } from './evaluate-policy.js';

/** The allowlist of items reviewers restored (their hashes, labelled with the review). */
export const RESTORED_BANK = 'restored';

/**
 * How near a PDQ match to a restored item must be to release an upload: tighter than matching's
 * radius, so an allowlist entry frees that picture's copies, not pictures that merely look alike.
 */
export const RESTORED_PDQ_RADIUS = 10;

/**
 * A reviewer restored this content: the next upload of it is not held or referred again on the
 * same suspicion. A block still stands (a confirmed match outranks an earlier restoration, which
 * withdrew the item from the confirmed bank when it was made).
 */
export function applyRestoredAllowlist(
  decision: PolicyDecision,
  matches: readonly HashMatchSignal[],
): PolicyDecision {
  if (decision.verdict !== 'hold' && decision.verdict !== 'refer') return decision;
  const restored = matches.some(
    (m) =>
      m.bank === RESTORED_BANK && (m.signalType !== 'pdq' || m.distance <= RESTORED_PDQ_RADIUS),
  );
  return restored ? { verdict: 'allow', reasons: [] } : decision;
}
