import { VICTIM_REPORTED_BANK } from '../banks/victim-banks.js';
import { AppError } from '../errors/app-error.js';
import {
  ZPlatformPolicy,
  ZPolicyRule,
  type PlatformPolicy,
  type PolicyRule,
} from './policy-schema.js';

export const JURISDICTIONS = ['KR', 'US', 'AU', 'EU'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** The law a platform answers to: how long it has to remove content, and the screening rules. */
export interface JurisdictionProfile {
  readonly code: Jurisdiction;
  readonly name: string;
  /** Hours from a removal notice to its deadline. */
  readonly takedownHours: number;
  readonly rules: readonly PolicyRule[];
  /**
   * Banks every platform under this law screens against, whatever it subscribes to: regulators'
   * decisions and victims' own reports. A platform cannot unsubscribe from them.
   */
  readonly requiredBanks: readonly string[];
  /** Rules a platform's policy cannot disable (the ones that act on the required banks). */
  readonly requiredRules: readonly string[];
}

/** Banks whose entries are confirmed: reviewers' and counsellors' decisions. */
const CONFIRMED_BANKS = ['confirmed', '*-confirmed'];

const COMMON_RULES: readonly PolicyRule[] = [
  {
    id: 'confirmed-match',
    description: 'matches known material in a confirmed bank',
    when: [{ match: { banks: CONFIRMED_BANKS } }],
    verdict: 'block',
  },
  {
    // A victim's own report is taken at her word at once (the upload is hidden), but it is not a
    // confirmed block until her counsellor or the regulator confirms it: anyone can open a case.
    id: 'victim-reported-match',
    description:
      'matches an image a victim reported: hidden until her counsellor or the regulator decides',
    when: [{ match: { banks: [VICTIM_REPORTED_BANK] } }],
    verdict: 'hold',
  },
  {
    id: 'suspected-match',
    description: 'matches material reported but not yet confirmed',
    when: [{ match: { banks: ['suspected', 'suspected-*', '*-suspected'] } }],
    verdict: 'hold',
  },
  {
    id: 'victim-face-sexual',
    description: "an enrolled victim's face in sexual content",
    when: [
      { score: { detector: 'face', label: 'enrolled_victim', min: 0.5 } },
      { score: { detector: 'nudity', label: 'sexual', min: 0.8 } },
    ],
    verdict: 'hold',
  },
  {
    id: 'synthetic-sexual',
    description: 'sexual content with strong evidence of being AI-generated',
    when: [
      { score: { detector: 'synthetic', label: 'ai_generated', min: 0.8 } },
      { score: { detector: 'nudity', label: 'sexual', min: 0.8 } },
    ],
    verdict: 'hold',
  },
  {
    id: 'synthetic-sexual-ambiguous',
    description: 'sexual content that may be AI-generated: for the regulator to decide',
    when: [
      { score: { detector: 'synthetic', label: 'ai_generated', min: 0.5, max: 0.8 } },
      { score: { detector: 'nudity', label: 'sexual', min: 0.8 } },
    ],
    verdict: 'refer',
  },
  {
    id: 'declared-synthetic-sexual',
    description:
      "sexual content whose own metadata says generative AI made or composited it (C2PA, IPTC, a generator's parameters)",
    when: [
      { score: { detector: 'provenance', label: 'ai_generated', min: 0.8 } },
      { score: { detector: 'nudity', label: 'sexual', min: 0.8 } },
    ],
    verdict: 'hold',
  },
  {
    id: 'declared-composite-sexual',
    description: 'sexual content whose metadata declares an AI composite (a face swap)',
    when: [
      { score: { detector: 'provenance', label: 'ai_composited', min: 0.8 } },
      { score: { detector: 'nudity', label: 'sexual', min: 0.8 } },
    ],
    verdict: 'hold',
  },
];

const COMMON = {
  rules: COMMON_RULES,
  requiredBanks: ['confirmed', VICTIM_REPORTED_BANK],
  requiredRules: ['confirmed-match', 'victim-reported-match'],
} as const;

/** The built-in profiles (deadlines from the Korean measures, TAKE IT DOWN, eSafety, the DSA). */
export const JURISDICTION_PROFILES: Readonly<Record<Jurisdiction, JurisdictionProfile>> = {
  KR: { code: 'KR', name: 'Korea (KCSC)', takedownHours: 24, ...COMMON },
  US: { code: 'US', name: 'United States (TAKE IT DOWN Act)', takedownHours: 48, ...COMMON },
  AU: { code: 'AU', name: 'Australia (eSafety)', takedownHours: 24, ...COMMON },
  EU: { code: 'EU', name: 'European Union (DSA)', takedownHours: 24, ...COMMON },
};

export function isJurisdiction(value: unknown): value is Jurisdiction {
  return typeof value === 'string' && (JURISDICTIONS as readonly string[]).includes(value);
}

/**
 * Validates a platform's policy (unknown fields, bad rules and unknown rule ids are refused with
 * AppError `invalid_input` naming the problem) and returns the rules that apply to it: its
 * jurisdiction's, less those it disabled, plus its own.
 */
export function resolvePolicyRules(
  profile: JurisdictionProfile,
  platformPolicy: unknown = {},
): PolicyRule[] {
  const parsed = ZPlatformPolicy.safeParse(platformPolicy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `invalid platform policy at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const policy: PlatformPolicy = parsed.data;
  const known = new Set(profile.rules.map((r) => r.id));
  for (const id of policy.disabledRules) {
    if (!known.has(id))
      throw new AppError('invalid_input', `platform policy disables unknown rule "${id}"`);
    if (profile.requiredRules.includes(id))
      throw new AppError(
        'invalid_input',
        `platform policy cannot disable "${id}": the ${profile.code} jurisdiction requires it`,
      );
  }
  for (const rule of policy.extraRules) {
    if (known.has(rule.id))
      throw new AppError(
        'invalid_input',
        `platform rule "${rule.id}" has the id of a ${profile.code} rule`,
      );
  }
  return [
    ...profile.rules.filter((r) => !policy.disabledRules.includes(r.id)),
    ...policy.extraRules,
  ];
}

/** Checks rules given as data (e.g. from an admin); returns them typed. */
export function parsePolicyRules(value: unknown): PolicyRule[] {
  const parsed = ZPolicyRule.array().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `invalid rule at ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
