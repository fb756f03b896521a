import { z } from '@hono/zod-openapi';
import type { EvidenceRecord } from '@haechi/core';
import { EVIDENCE_REASONS } from '@haechi/core';

export const ZRecord = z
  .object({
    id: z.string(),
    subjectType: z.enum(['screening', 'notice']),
    subjectId: z.string(),
    reason: z.enum(EVIDENCE_REASONS),
    platformOrgId: z.number().int(),
    caseId: z.number().int().nullable(),
    facts: z.record(z.string(), z.unknown()),
    factsDigest: z.string(),
    hasMedia: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('EvidenceRecord');

export const view = (r: EvidenceRecord) => ({
  id: r.id,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  reason: r.reason,
  platformOrgId: r.platformOrgId,
  caseId: r.caseId,
  facts: { ...r.facts },
  factsDigest: r.factsDigest,
  hasMedia: r.mediaId !== null,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});
