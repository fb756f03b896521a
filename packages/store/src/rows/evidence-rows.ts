import {
  EVIDENCE_REASONS,
  EVIDENCE_SUBJECTS,
  type EvidenceRecord,
  type SealedMedia,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the evidence store's tables as its record: one mapping for both backends. */
export const toMedia = (row: Row): SealedMedia => {
  const r = readRow('sealed_media', row);
  return {
    id: r.text('id'),
    screeningId: r.text('screening_id'),
    sha256: r.text('sha256'),
    contentType: r.text('content_type'),
    size: r.int('size'),
    keyWrapped: r.text('key_wrapped'),
    iv: r.bytes('iv'),
    tag: r.bytes('tag'),
    ciphertext: r.bytes('ciphertext'),
    createdAt: r.text('created_at'),
    purgedAt: r.textOrNull('purged_at'),
  };
};

export const toRecord = (row: Row): EvidenceRecord => {
  const r = readRow('evidence_records', row);
  return {
    id: r.text('id'),
    subjectType: r.oneOf('subject_type', EVIDENCE_SUBJECTS),
    subjectId: r.text('subject_id'),
    reason: r.oneOf('reason', EVIDENCE_REASONS),
    platformOrgId: r.int('platform_org_id'),
    caseId: r.intOrNull('case_id'),
    facts: r.object('facts'),
    factsDigest: r.text('facts_digest'),
    mediaId: r.textOrNull('media_id'),
    createdAt: r.text('created_at'),
    createdBy: r.text('created_by'),
  };
};
