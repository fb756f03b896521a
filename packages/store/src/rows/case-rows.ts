import {
  CASE_STATUSES,
  type Case,
  type CaseNote,
  type CaseUrl,
  type UnnoticedCaseUrl,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the case store's tables as its record: one mapping for both backends. */
export const toCase = (row: Row): Case => {
  const r = readRow('cases', row);
  return {
    id: r.int('id'),
    code: r.text('code'),
    passphraseHash: r.textOrNull('passphrase_hash'),
    centerOrgId: r.intOrNull('center_org_id'),
    status: r.oneOf('status', CASE_STATUSES),
    bankId: r.int('bank_id'),
    contactSealed: r.textOrNull('contact_sealed'),
    faceEmbeddingSealed: r.textOrNull('face_embedding_sealed'),
    createdBy: r.text('created_by'),
    createdAt: r.text('created_at'),
    withdrawnAt: r.textOrNull('withdrawn_at'),
  };
};

export const toUrl = (row: Row): CaseUrl => {
  const r = readRow('case_urls', row);
  return {
    id: r.int('id'),
    caseId: r.int('case_id'),
    url: r.text('url'),
    host: r.text('host'),
    addedAt: r.text('added_at'),
  };
};

export const toNote = (row: Row): CaseNote => {
  const r = readRow('case_notes', row);
  return {
    id: r.int('id'),
    caseId: r.int('case_id'),
    bodySealed: r.text('body_sealed'),
    author: r.text('author'),
    createdAt: r.text('created_at'),
  };
};

/** A case URL with its case's code and center (`case_code`, `case_center_org_id`). */
export const toUnnoticedUrl = (row: Row): UnnoticedCaseUrl => {
  const r = readRow('case_urls', row);
  return {
    ...toUrl(row),
    caseCode: r.text('case_code'),
    centerOrgId: r.intOrNull('case_center_org_id'),
  };
};
