import type { EvidenceRecord, SealedMedia } from '@haechi/core';

/** A row of the evidence store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toMedia = (r: Row): SealedMedia => ({
  id: r['id'] as string,
  screeningId: r['screening_id'] as string,
  sha256: r['sha256'] as string,
  contentType: r['content_type'] as string,
  size: r['size'] as number,
  keyWrapped: r['key_wrapped'] as string,
  iv: new Uint8Array(r['iv'] as Buffer),
  tag: new Uint8Array(r['tag'] as Buffer),
  ciphertext: new Uint8Array(r['ciphertext'] as Buffer),
  createdAt: r['created_at'] as string,
  purgedAt: (r['purged_at'] as string | null) ?? null,
});

export const toRecord = (r: Row): EvidenceRecord => ({
  id: r['id'] as string,
  subjectType: r['subject_type'] as EvidenceRecord['subjectType'],
  subjectId: r['subject_id'] as string,
  reason: r['reason'] as EvidenceRecord['reason'],
  platformOrgId: r['platform_org_id'] as number,
  caseId: (r['case_id'] as number | null) ?? null,
  facts: JSON.parse(r['facts'] as string) as Record<string, unknown>,
  factsDigest: r['facts_digest'] as string,
  mediaId: (r['media_id'] as string | null) ?? null,
  createdAt: r['created_at'] as string,
  createdBy: r['created_by'] as string,
});
