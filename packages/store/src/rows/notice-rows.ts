import {
  NOTICE_EVENTS,
  NOTICE_RECORD_EVENTS,
  NOTICE_STATES,
  type Notice,
  type NoticeEventRecord,
} from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

const EVENTS = [...NOTICE_EVENTS, ...NOTICE_RECORD_EVENTS] as const;

/** A row of the notice store's tables as its record: one mapping for both backends. */
export const toNotice = (row: Row): Notice => {
  const r = readRow('notices', row);
  return {
    id: r.int('id'),
    platformOrgId: r.int('platform_org_id'),
    caseId: r.intOrNull('case_id'),
    screeningId: r.textOrNull('screening_id'),
    url: r.text('url'),
    state: r.oneOf('state', NOTICE_STATES),
    jurisdiction: r.text('jurisdiction'),
    sentAt: r.text('sent_at'),
    deadlineAt: r.text('deadline_at'),
    removedAt: r.textOrNull('removed_at'),
    disputeReason: r.textOrNull('dispute_reason'),
    updatedAt: r.text('updated_at'),
  };
};

export const toEvent = (row: Row): NoticeEventRecord => {
  const r = readRow('notice_events', row);
  return {
    noticeId: r.int('notice_id'),
    event: r.oneOf('event', EVENTS),
    fromState: r.oneOfOrNull('from_state', NOTICE_STATES),
    toState: r.oneOf('to_state', NOTICE_STATES),
    at: r.text('at'),
    actor: r.text('actor'),
    note: r.textOrNull('note'),
  };
};
