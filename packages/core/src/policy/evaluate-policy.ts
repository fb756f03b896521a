import type { ScreeningSignals } from '../screening/signals.js';
import { VERDICTS, type PolicyCondition, type PolicyRule, type Verdict } from './policy-schema.js';

/** A rule that fired, as the verdict's reason. */
export interface PolicyReason {
  readonly rule: string;
  readonly description: string;
  readonly verdict: Exclude<Verdict, 'allow'>;
}

export interface PolicyDecision {
  readonly verdict: Verdict;
  /** Every rule that fired, most severe first; empty for `allow`. */
  readonly reasons: readonly PolicyReason[];
}

const severity = (verdict: Verdict): number => VERDICTS.indexOf(verdict);

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

function holds(condition: PolicyCondition, signals: ScreeningSignals): boolean {
  if ('match' in condition) {
    const { banks, signalTypes, maxDistance } = condition.match;
    const patterns = banks.map(globToRegExp);
    return signals.matches.some(
      (m) =>
        patterns.some((p) => p.test(m.bank)) &&
        (!signalTypes || signalTypes.includes(m.signalType)) &&
        (maxDistance === undefined || m.distance <= maxDistance),
    );
  }
  const { detector, label, min, max } = condition.score;
  return signals.scores.some(
    (s) =>
      s.detector === detector &&
      s.label === label &&
      (min === undefined || s.score >= min) &&
      (max === undefined || s.score < max),
  );
}

/**
 * Turns signals into a verdict: every rule whose conditions all hold fires, and the verdict is the
 * most severe among them (block > refer > hold > allow). Pure: the same signals and rules always
 * give the same decision, so a verdict can be explained and replayed from its evidence.
 *
 * @example
 * evaluatePolicy(rules, { matches: [{ bank: 'kcsc-confirmed', signalType: 'pdq', distance: 4, … }], scores: [] })
 * // { verdict: 'block', reasons: [{ rule: 'confirmed-match', … }] }
 */
export function evaluatePolicy(
  rules: readonly PolicyRule[],
  signals: ScreeningSignals,
): PolicyDecision {
  const reasons = rules
    .filter((rule) => rule.when.every((condition) => holds(condition, signals)))
    .map((rule) => ({ rule: rule.id, description: rule.description, verdict: rule.verdict }))
    .sort((a, b) => severity(b.verdict) - severity(a.verdict));
  return { verdict: reasons[0]?.verdict ?? 'allow', reasons };
}
