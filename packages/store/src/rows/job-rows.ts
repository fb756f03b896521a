import { JOB_STATUSES, type Job } from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the job store's tables as its record: one mapping for both backends. */
export const toJob = (row: Row): Job => {
  const r = readRow('jobs', row);
  return {
    id: r.int('id'),
    kind: r.text('kind'),
    runAt: r.text('run_at'),
    payload: r.object('payload'),
    status: r.oneOf('status', JOB_STATUSES),
    attempts: r.int('attempts'),
    lastError: r.textOrNull('last_error'),
    dedupeKey: r.textOrNull('dedupe_key'),
    lockedUntil: r.textOrNull('locked_until'),
    createdAt: r.text('created_at'),
    updatedAt: r.text('updated_at'),
  };
};
