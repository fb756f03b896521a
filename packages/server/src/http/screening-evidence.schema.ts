import { z } from '@hono/zod-openapi';
import { SIGNAL_TYPES } from '@haechi/exchange';

// What a screening found, in the shapes more than one feature answers with: screening returns it
// at once, review shows it to the reviewer later. Kept here so neither feature imports the other's.

export const ZMatch = z
  .object({
    bank: z.string(),
    entryId: z.number().int(),
    signalType: z.enum(SIGNAL_TYPES),
    distance: z.number().int(),
    variant: z
      .number()
      .int()
      .openapi({ description: 'dihedral variant of the upload that matched (0 = as uploaded)' }),
    frameTimestampSec: z
      .number()
      .optional()
      .openapi({ description: 'for a video: the frame that matched an image' }),
    crop: z.string().optional().openapi({
      description:
        'when a crop of the enrolled picture matched rather than the picture itself: which (centre-90, centre-80, left-90, right-90, top-90, bottom-90)',
    }),
    region: z
      .object({
        x: z.number().int(),
        y: z.number().int(),
        w: z.number().int(),
        h: z.number().int(),
      })
      .optional()
      .openapi({
        description:
          'the part of the image (or frame) that matched, in its decoded pixels, when not the whole: a picture inside a border, bars or a screenshot',
      }),
    segments: z
      .array(z.object({ startSec: z.number(), endSec: z.number(), distance: z.number().int() }))
      .optional()
      .openapi({
        description:
          'for a video or animation: each stretch whose sampled frames match, with its smallest distance',
      }),
  })
  .openapi('Match');

export const ZPolicyReason = z.object({
  rule: z.string(),
  description: z.string(),
  verdict: z.enum(['hold', 'refer', 'block']),
});

export const ZScreenedHashes = z.object({
  pdq: z.string().optional(),
  quality: z.number().int().optional(),
  md5: z.string().optional(),
  sha256: z.string().optional(),
  videoFrames: z.number().int().optional(),
  crops: z
    .array(z.object({ crop: z.string(), signal: z.string() }))
    .optional()
    .openapi({
      description:
        "a held image's enrolment crops (PDQ), hashed when it was screened: enrolled with it if a reviewer confirms it",
    }),
});

export const ZDetectorScore = z.object({
  detector: z.string(),
  label: z.string(),
  score: z.number(),
  evidence: z.string().optional(),
  segments: z
    .array(z.object({ startSec: z.number(), endSec: z.number(), score: z.number() }))
    .optional()
    .openapi({
      description:
        'for a video or animation: each stretch where the label holds (score ≥ 0.5, e.g. an enrolled face), with its highest score',
    }),
});

/**
 * A stored screening as its reviewers see it: what was screened and what it found (never the
 * bytes). A record written by an earlier version may lack a field.
 */
export const ZScreeningEvidence = z
  .object({
    verdict: z.enum(['allow', 'hold', 'refer', 'block']),
    contentId: z.string().nullable(),
    url: z.string().nullable(),
    hashes: ZScreenedHashes.optional(),
    matches: z.array(ZMatch).optional(),
    scores: z.array(ZDetectorScore).optional(),
    reasons: z.array(ZPolicyReason).optional().openapi({ description: 'the rules that fired' }),
    jurisdiction: z.string().optional(),
  })
  .openapi('ScreeningEvidence');
