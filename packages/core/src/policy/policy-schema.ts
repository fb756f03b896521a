import { z } from 'zod';

/** The verdicts, from least to most severe. Persisted and part of the API: never renamed. */
export const VERDICTS = ['allow', 'hold', 'refer', 'block'] as const;
export type Verdict = (typeof VERDICTS)[number];

const ZBankPattern = z
  .string()
  .regex(/^[a-z0-9*][a-z0-9._*-]{0,63}$/, 'a bank name, where * stands for any characters');

/** Holds when some match is in a bank the patterns name, of one of the types, near enough. */
export const ZMatchCondition = z
  .object({
    match: z
      .object({
        banks: z.array(ZBankPattern).min(1),
        signalTypes: z
          .array(z.enum(['pdq', 'md5', 'sha256', 'vpdq']))
          .min(1)
          .optional(),
        maxDistance: z.number().int().min(0).max(256).optional(),
      })
      .strict(),
  })
  .strict();

/** Holds when the detector gave the label a score in [min, max). */
export const ZScoreCondition = z
  .object({
    score: z
      .object({
        detector: z.string().min(1).max(64),
        label: z.string().min(1).max(64),
        min: z.number().min(0).max(1).optional(),
        max: z.number().min(0).max(1.000001).optional(),
      })
      .strict()
      .refine((s) => s.min !== undefined || s.max !== undefined, 'give min, max or both')
      .refine(
        (s) => s.min === undefined || s.max === undefined || s.min < s.max,
        'min must be below max',
      ),
  })
  .strict();

export const ZPolicyRule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -'),
    description: z.string().min(1).max(300),
    /** Every condition must hold for the rule to fire. */
    when: z.array(z.union([ZMatchCondition, ZScoreCondition])).min(1),
    verdict: z.enum(['hold', 'refer', 'block']),
    /**
     * A classifier's score is a lead, not proof (a clothed portrait can score 0.94 "sexual"): a
     * rule on detector scores alone may hold or refer, and blocks only when it says so here.
     */
    scoresMayBlock: z.literal(true).optional(),
  })
  .strict()
  .refine(
    (rule) =>
      rule.verdict !== 'block' ||
      rule.scoresMayBlock === true ||
      rule.when.some((condition) => 'match' in condition),
    {
      message:
        'a rule on detector scores alone may hold or refer, not block, unless it says "scoresMayBlock": true (a score is not proof)',
      path: ['verdict'],
    },
  );
export type PolicyRule = z.infer<typeof ZPolicyRule>;
export type PolicyCondition = PolicyRule['when'][number];

/** A platform's adjustments to its jurisdiction's rules. */
export const ZPlatformPolicy = z
  .object({
    disabledRules: z.array(z.string()).default([]),
    extraRules: z.array(ZPolicyRule).default([]),
  })
  .strict();
export type PlatformPolicy = z.infer<typeof ZPlatformPolicy>;
