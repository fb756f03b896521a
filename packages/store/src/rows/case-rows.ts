import type { Case, CaseNote, CaseUrl } from '@haechi/core';

/** A row of the case store's tables as its record: one mapping for both backends. */
type Row = Record<string, unknown>;

export const toCase = (r: Row): Case => ({
  id: r['id'] as number,
  code: r['code'] as string,
  passphraseHash: (r['passphrase_hash'] as string | null) ?? null,
  centerOrgId: (r['center_org_id'] as number | null) ?? null,
  status: r['status'] as Case['status'],
  bankId: r['bank_id'] as number,
  contactSealed: (r['contact_sealed'] as string | null) ?? null,
  faceEmbeddingSealed: (r['face_embedding_sealed'] as string | null) ?? null,
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as string,
  withdrawnAt: (r['withdrawn_at'] as string | null) ?? null,
});

export const toUrl = (r: Row): CaseUrl => ({
  id: r['id'] as number,
  caseId: r['case_id'] as number,
  url: r['url'] as string,
  host: r['host'] as string,
  addedAt: r['added_at'] as string,
});

export const toNote = (r: Row): CaseNote => ({
  id: r['id'] as number,
  caseId: r['case_id'] as number,
  bodySealed: r['body_sealed'] as string,
  author: r['author'] as string,
  createdAt: r['created_at'] as string,
});
