import { applyRestoredAllowlist } from './restored-allowlist.js';
import { describe, expect, it } from 'vitest';
import type { DetectorScore, HashMatchSignal } from '../screening/signals.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { JURISDICTION_PROFILES, parsePolicyRules, resolvePolicyRules } from './jurisdictions.js';

const KR = JURISDICTION_PROFILES.KR.rules;
const match = (bank: string, distance = 0, signalType: HashMatchSignal['signalType'] = 'pdq') => ({
  bank,
  entryId: 1,
  signalType,
  distance,
  variant: 0,
});
const score = (detector: string, label: string, value: number): DetectorScore => ({
  detector,
  label,
  score: value,
});

describe('evaluatePolicy with the KR rules', () => {
  it.each([
    ['no signals', [], [], 'allow', []],
    [
      'a PDQ match in the confirmed bank',
      [match('confirmed', 12)],
      [],
      'block',
      ['confirmed-match'],
    ],
    [
      "an MD5 match in a victim's own report: held, not blocked, until it is confirmed",
      [match('victim-reported', 0, 'md5')],
      [],
      'hold',
      ['victim-reported-match'],
    ],
    [
      'a bank named like an old case bank is nothing special',
      [match('case-2026-0142')],
      [],
      'allow',
      [],
    ],
    ['a match in kcsc-confirmed', [match('kcsc-confirmed', 31)], [], 'block', ['confirmed-match']],
    ['a match in a suspected bank', [match('suspected', 3)], [], 'hold', ['suspected-match']],
    ['a match in an unrelated bank', [match('research', 0)], [], 'allow', []],
    [
      "a victim's face with sexual content",
      [],
      [score('face', 'enrolled_victim', 0.7), score('nudity', 'sexual', 0.85)],
      'hold',
      ['victim-face-sexual'],
    ],
    ["a victim's face alone", [], [score('face', 'enrolled_victim', 0.9)], 'allow', []],
    [
      'sexual content, synthetic score 0.5 (the lower bound counts)',
      [],
      [score('synthetic', 'ai_generated', 0.5), score('nudity', 'sexual', 0.8)],
      'refer',
      ['synthetic-sexual-ambiguous'],
    ],
    [
      'sexual content, synthetic score 0.8 (the upper bound does not)',
      [],
      [score('synthetic', 'ai_generated', 0.8), score('nudity', 'sexual', 0.9)],
      'hold',
      ['synthetic-sexual'],
    ],
    [
      'synthetic score 0.49',
      [],
      [score('synthetic', 'ai_generated', 0.49), score('nudity', 'sexual', 0.99)],
      'allow',
      [],
    ],
    [
      'sexual content whose metadata declares a face-swap composite',
      [],
      [score('provenance', 'ai_composited', 0.95), score('nudity', 'sexual', 0.9)],
      'hold',
      ['declared-composite-sexual'],
    ],
    [
      'declared AI generation without sexual content',
      [],
      [score('provenance', 'ai_generated', 0.95), score('nudity', 'sexual', 0.1)],
      'allow',
      [],
    ],
    [
      'a confirmed match and an ambiguous synthetic score: the most severe wins, all are listed',
      [match('confirmed', 5)],
      [score('synthetic', 'ai_generated', 0.6), score('nudity', 'sexual', 0.9)],
      'block',
      ['confirmed-match', 'synthetic-sexual-ambiguous'],
    ],
  ] as const)('%s → %s', (_, matches, scores, verdict, rules) => {
    const decision = evaluatePolicy(KR, { matches, scores });
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.map((r) => r.rule)).toEqual(rules);
  });

  it('explains each reason', () => {
    expect(evaluatePolicy(KR, { matches: [match('confirmed')], scores: [] }).reasons).toEqual([
      {
        rule: 'confirmed-match',
        description: 'matches known material in a confirmed bank',
        verdict: 'block',
      },
    ]);
  });
});

describe('platform policies', () => {
  const strictMatch = {
    id: 'near-match-only',
    description: 'a very close PDQ match in the research bank',
    when: [{ match: { banks: ['research'], signalTypes: ['pdq'], maxDistance: 8 } }],
    verdict: 'refer',
  };

  const nudityAlone = {
    id: 'nudity-alone',
    description: 'a high nudity score',
    when: [{ score: { detector: 'nudity', label: 'sexual', min: 0.9 } }],
    verdict: 'hold' as const,
  };

  it('lets a nudity score alone hold for review, and block only where the policy says so explicitly', () => {
    const scores = [{ detector: 'nudity', label: 'sexual', score: 0.94 }];
    const holding = resolvePolicyRules(JURISDICTION_PROFILES.KR, { extraRules: [nudityAlone] });
    expect(evaluatePolicy(holding, { matches: [], scores }).verdict).toBe('hold');
    const explicit = { ...nudityAlone, verdict: 'block' as const, scoresMayBlock: true as const };
    const blocking = resolvePolicyRules(JURISDICTION_PROFILES.KR, { extraRules: [explicit] });
    expect(evaluatePolicy(blocking, { matches: [], scores }).verdict).toBe('block');
    // The built-in rules never block on scores alone: with every detector at 1, at most a hold.
    const all = [
      'nudity:sexual',
      'face:enrolled_victim',
      'synthetic:ai_generated',
      'provenance:ai_generated',
      'provenance:ai_composited',
    ].map((s) => {
      const [detector = '', label = ''] = s.split(':');
      return { detector, label, score: 1 };
    });
    for (const code of ['KR', 'US', 'AU', 'EU'] as const)
      expect(
        evaluatePolicy(JURISDICTION_PROFILES[code].rules, { matches: [], scores: all }).verdict,
      ).toBe('hold');
  });

  it('adds rules and disables rules of the jurisdiction', () => {
    const rules = resolvePolicyRules(JURISDICTION_PROFILES.US, {
      disabledRules: ['suspected-match'],
      extraRules: [strictMatch],
    });
    expect(rules.map((r) => r.id)).toEqual([
      'confirmed-match',
      'victim-reported-match',
      'victim-face-sexual',
      'synthetic-sexual',
      'synthetic-sexual-ambiguous',
      'declared-synthetic-sexual',
      'declared-composite-sexual',
      'near-match-only',
    ]);
    expect(evaluatePolicy(rules, { matches: [match('research', 8)], scores: [] }).verdict).toBe(
      'refer',
    );
    expect(evaluatePolicy(rules, { matches: [match('research', 9)], scores: [] }).verdict).toBe(
      'allow',
    );
    expect(evaluatePolicy(rules, { matches: [match('suspected')], scores: [] }).verdict).toBe(
      'allow',
    );
  });

  it.each([
    [{ disabledRules: ['nope'] }, 'platform policy disables unknown rule "nope"'],
    [
      { disabledRules: ['victim-reported-match'] },
      'platform policy cannot disable "victim-reported-match": the KR jurisdiction requires it',
    ],
    [
      { disabledRules: ['confirmed-match'] },
      'platform policy cannot disable "confirmed-match": the KR jurisdiction requires it',
    ],
    [{ extra: [] }, 'invalid platform policy at (root): Unrecognized key: "extra"'],
    [
      { extraRules: [{ ...strictMatch, id: 'confirmed-match' }] },
      'platform rule "confirmed-match" has the id of a KR rule',
    ],
    [
      { extraRules: [{ ...strictMatch, verdict: 'allow' }] },
      'invalid platform policy at extraRules.0.verdict',
    ],
    [
      { extraRules: [{ ...strictMatch, when: [] }] },
      'invalid platform policy at extraRules.0.when',
    ],
    [
      {
        extraRules: [
          { ...strictMatch, when: [{ score: { detector: 'x', label: 'y', min: 0.9, max: 0.5 } }] },
        ],
      },
      'min must be below max',
    ],
    [
      { extraRules: [{ ...strictMatch, when: [{ match: { banks: ['Bad Bank'] } }] }] },
      'a bank name, where * stands for any characters',
    ],
    [
      { extraRules: [{ ...nudityAlone, verdict: 'block' }] },
      'invalid platform policy at extraRules.0.verdict: a rule on detector scores alone may hold or refer, not block, unless it says "scoresMayBlock": true (a score is not proof)',
    ],
  ])('refuses %j', (policy, message) => {
    expect(() => resolvePolicyRules(JURISDICTION_PROFILES.KR, policy)).toThrow(message);
  });

  it('checks rules given as data', () => {
    expect(parsePolicyRules([strictMatch])).toEqual([strictMatch]);
    expect(() => parsePolicyRules([{ id: 'x' }])).toThrow('invalid rule at 0.description');
  });
});

describe('jurisdiction profiles', () => {
  it('carries the takedown deadlines of each law', () => {
    expect(Object.values(JURISDICTION_PROFILES).map((p) => [p.code, p.takedownHours])).toEqual([
      ['KR', 24],
      ['US', 48],
      ['AU', 24],
      ['EU', 24],
    ]);
  });
});

describe('the restored allowlist', () => {
  const held = evaluatePolicy(KR, { matches: [match('victim-reported', 4)], scores: [] });
  it.each([
    ['a near PDQ match releases a hold', [match('restored', 10)], 'allow'],
    ['an exact SHA-256 match releases a hold', [match('restored', 0, 'sha256')], 'allow'],
    ['a PDQ match beyond its radius does not', [match('restored', 11)], 'hold'],
  ] as const)('%s', (_, extra, verdict) => {
    expect(applyRestoredAllowlist(held, [match('victim-reported', 4), ...extra]).verdict).toBe(
      verdict,
    );
  });
  it('never releases a block', () => {
    const blocked = evaluatePolicy(KR, { matches: [match('confirmed', 2)], scores: [] });
    expect(applyRestoredAllowlist(blocked, [match('restored', 0)])).toBe(blocked);
  });
});
