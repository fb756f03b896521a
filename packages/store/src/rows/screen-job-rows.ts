import { CALLBACK_STATUSES, SCREEN_JOB_STATUSES, type ScreenJob } from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** A row of the screen-job store's tables as its record: one mapping for both backends. */
export const toJob = (row: Row): ScreenJob => {
  const r = readRow('screen_jobs', row);
  const error = r.objectOrNull('error');
  return {
    id: r.text('id'),
    orgId: r.int('org_id'),
    status: r.oneOf('status', SCREEN_JOB_STATUSES),
    callbackUrl: r.text('callback_url'),
    contentId: r.textOrNull('content_id'),
    url: r.textOrNull('url'),
    result: r.objectOrNull('result'),
    error: error && { code: String(error['code']), message: String(error['message']) },
    callbackStatus: r.oneOf('callback_status', CALLBACK_STATUSES),
    callbackAttempts: r.int('callback_attempts'),
    createdAt: r.text('created_at'),
    updatedAt: r.text('updated_at'),
  };
};
