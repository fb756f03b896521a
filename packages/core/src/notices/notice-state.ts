import { AppError } from '../errors/app-error.js';

/**
 * A removal notice's life. PERSISTED DATA: states and events are stored and shown to platforms;
 * add, never rename.
 *
 *   sent ──acknowledge──▶ acknowledged
 *   sent | acknowledged | overdue ──report_removed──▶ removal_reported
 *   removal_reported ──verify_removed──▶ removed (closed)
 *   removal_reported ──verify_failed──▶ reopened (still present: the clock keeps running)
 *   reopened ──acknowledge | report_removed── as from acknowledged
 *   sent | acknowledged | reopened ──dispute──▶ disputed (to the regulator)
 *   sent | acknowledged | reopened ──deadline──▶ overdue (escalated to the regulator)
 *   disputed ──uphold──▶ acknowledged (the regulator says remove: the platform must act)
 *   disputed ──reject_notice──▶ withdrawn (the regulator agrees with the platform)
 *   any open state ──withdraw──▶ withdrawn (the victim withdrew her case)
 */
export const NOTICE_STATES = [
  'sent',
  'acknowledged',
  'removal_reported',
  'removed',
  'reopened',
  'disputed',
  'overdue',
  'withdrawn',
] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_EVENTS = [
  'acknowledge',
  'report_removed',
  'verify_removed',
  'verify_failed',
  'dispute',
  'deadline',
  'uphold',
  'reject_notice',
  'withdraw',
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

const TRANSITIONS: Readonly<Record<NoticeEvent, Partial<Record<NoticeState, NoticeState>>>> = {
  acknowledge: { sent: 'acknowledged', reopened: 'acknowledged' },
  report_removed: {
    sent: 'removal_reported',
    acknowledged: 'removal_reported',
    reopened: 'removal_reported',
    overdue: 'removal_reported',
  },
  verify_removed: { removal_reported: 'removed' },
  verify_failed: { removal_reported: 'reopened' },
  dispute: { sent: 'disputed', acknowledged: 'disputed', reopened: 'disputed' },
  deadline: { sent: 'overdue', acknowledged: 'overdue', reopened: 'overdue' },
  uphold: { disputed: 'acknowledged' },
  reject_notice: { disputed: 'withdrawn' },
  withdraw: {
    sent: 'withdrawn',
    acknowledged: 'withdrawn',
    reopened: 'withdrawn',
    disputed: 'withdrawn',
    overdue: 'withdrawn',
    removal_reported: 'withdrawn',
  },
};

/** States in which the platform still owes a removal (the deadline applies). */
export const OPEN_NOTICE_STATES: ReadonlySet<NoticeState> = new Set([
  'sent',
  'acknowledged',
  'reopened',
]);

/** Whether `event` can happen in `state`. */
export function canApplyNoticeEvent(state: NoticeState, event: NoticeEvent): boolean {
  return TRANSITIONS[event][state] !== undefined;
}

/** The state after `event`, or AppError `invalid_transition` saying why it cannot happen. */
export function nextNoticeState(state: NoticeState, event: NoticeEvent): NoticeState {
  const next = TRANSITIONS[event][state];
  if (next === undefined) {
    const from = Object.keys(TRANSITIONS[event]).join(', ');
    throw new AppError(
      'invalid_transition',
      `a notice that is ${state.replace('_', ' ')} cannot be ${EVENT_PAST[event]} (only from: ${from})`,
      { details: { state, event } },
    );
  }
  return next;
}

const EVENT_PAST: Readonly<Record<NoticeEvent, string>> = {
  acknowledge: 'acknowledged',
  report_removed: 'reported removed',
  verify_removed: 'verified removed',
  verify_failed: 'reopened by a failed verification',
  dispute: 'disputed',
  deadline: 'made overdue',
  uphold: 'upheld',
  reject_notice: 'rejected',
  withdraw: 'withdrawn',
};

/** The deadline of a notice sent at `sentAt` under a takedown period of `hours`. */
export function noticeDeadline(sentAt: Date, hours: number): Date {
  return new Date(sentAt.getTime() + hours * 3_600_000);
}

/** When reminders go out: `offsetsHours` before the deadline, those still in the future. */
export function reminderTimes(
  sentAt: Date,
  deadline: Date,
  offsetsHours: readonly number[],
): Date[] {
  return offsetsHours
    .map((h) => new Date(deadline.getTime() - h * 3_600_000))
    .filter((t) => t.getTime() > sentAt.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}
