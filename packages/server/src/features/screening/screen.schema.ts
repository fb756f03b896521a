import { z } from '@hono/zod-openapi';
import {
  ZDetectorScore,
  ZMatch,
  ZPolicyReason,
  ZScreenedHashes,
} from '../../http/screening-evidence.schema.js';

const ZContentFields = {
  contentId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .openapi({ description: "the platform's own id for the upload", example: 'post-8841/photo-2' }),
  url: z
    .string()
    .url()
    .max(2048)
    .optional()
    .openapi({ description: 'where the upload is (or will be) published' }),
};

export const ZSubmittedHashes = z
  .object({
    pdq: z.array(z.string().max(64)).min(1).max(8).optional().openapi({
      description: 'one PDQ hash (64 hex), or the 8 dihedral hashes in the reference order',
    }),
    md5: z.string().max(32).optional(),
    sha256: z.string().max(64).optional(),
    vpdq: z.string().max(3_000_000).optional().openapi({
      description: 'vPDQ frames: frameIndex,pdqHex,quality,timestampSec joined by ";"',
    }),
  })
  .strict()
  .openapi('SubmittedHashes');

export const ZScreenHashesRequest = z
  .object({ ...ZContentFields, hashes: ZSubmittedHashes })
  .strict()
  .openapi('ScreenHashesRequest');

/** When the AI detectors run on bytes sent: in the request, or after the answer. */
const ZDetectorsMode = z
  .enum(['sync', 'async'])
  .optional()
  .openapi({
    description:
      '`sync` (default): the detectors run in the request and their scores decide with the hashes. ' +
      '`async`: the answer comes from the hashes at once; if it is allow, the detectors run after it, ' +
      'and a verdict they tighten is sent to the webhook (`screening.updated`) and shown by ' +
      'GET /v1/screenings/{id}.',
  });

export const ZScreenMultipart = z
  .object({
    media: z.any().openapi({ type: 'string', format: 'binary', description: 'the image or video' }),
    contentId: ZContentFields.contentId,
    url: ZContentFields.url,
    detectors: ZDetectorsMode,
  })
  .openapi('ScreenMultipartRequest');

export const ZScreenQuery = z.object({ ...ZContentFields, detectors: ZDetectorsMode });

export const ZScreenResult = z
  .object({
    id: z
      .string()
      .nullable()
      .openapi({ description: 'the stored record (every verdict but allow)' }),
    verdict: z.enum(['allow', 'hold', 'refer', 'block']),
    reasons: z.array(ZPolicyReason),
    mediaKind: z.enum(['image', 'video', 'hashes']),
    hashes: ZScreenedHashes,
    matches: z.array(ZMatch),
    scores: z.array(ZDetectorScore),
    detectors: z.enum(['done', 'pending', 'skipped']).openapi({
      description:
        '`done`: the detectors ran (their scores are here); `pending`: they run after this answer ' +
        '(`detectors=async`; the verdict may still tighten); `skipped`: none ran (hashes sent, ' +
        'no detectors configured, or the hashes decided)',
    }),
    elapsedMs: z.number(),
  })
  .openapi('ScreenResult');

export const ZBatchRequest = z
  .object({
    items: z
      .array(
        z
          .object({
            ...ZContentFields,
            hashes: ZSubmittedHashes.optional(),
            mediaBase64: z.string().optional().openapi({
              description: 'the bytes, base64 (small images; large files go one by one)',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .openapi('ScreenBatchRequest');

export const ZBatchResult = z
  .object({
    results: z.array(
      z.union([
        z.object({ index: z.number().int(), result: ZScreenResult }),
        z.object({
          index: z.number().int(),
          error: z.object({ code: z.string(), message: z.string() }),
        }),
      ]),
    ),
  })
  .openapi('ScreenBatchResult');

/** The content fields a platform gave, without the ones it left out. */
export function optional(fields: {
  contentId?: string | undefined;
  url?: string | undefined;
  detectors?: 'sync' | 'async' | undefined;
}): { contentId?: string; url?: string; detectors?: 'sync' | 'async' } {
  return {
    ...(fields.contentId === undefined ? {} : { contentId: fields.contentId }),
    ...(fields.url === undefined ? {} : { url: fields.url }),
    ...(fields.detectors === undefined ? {} : { detectors: fields.detectors }),
  };
}
