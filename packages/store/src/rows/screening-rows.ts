import {
  SCREENED_MEDIA_KINDS,
  SCREENING_STATUSES,
  VERDICTS,
  type ScreeningRecord,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the screening store's tables as its record: one mapping for both backends. */
export const toRecord = (row: Row): ScreeningRecord => {
  const r = readRow('screenings', row);
  return {
    id: r.text('id'),
    orgId: r.int('org_id'),
    contentId: r.textOrNull('content_id'),
    url: r.textOrNull('url'),
    verdict: r.oneOf('verdict', VERDICTS),
    mediaKind: r.oneOf('media_kind', SCREENED_MEDIA_KINDS),
    status: r.oneOf('status', SCREENING_STATUSES),
    // Written by saveScreening from the screening's ScreeningEvidence.
    evidence: r.object('evidence'),
    createdAt: r.text('created_at'),
  };
};
