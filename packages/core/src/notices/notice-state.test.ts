import { describe, expect, it } from 'vitest';
import {
  NOTICE_EVENTS,
  NOTICE_STATES,
  canApplyNoticeEvent,
  nextNoticeState,
  noticeDeadline,
  reminderTimes,
  type NoticeEvent,
  type NoticeState,
} from './notice-state.js';

describe('the notice state machine', () => {
  it.each([
    ['sent', 'acknowledge', 'acknowledged'],
    ['acknowledged', 'report_removed', 'removal_reported'],
    ['overdue', 'report_removed', 'removal_reported'],
    ['removal_reported', 'verify_removed', 'removed'],
    ['removal_reported', 'verify_failed', 'reopened'],
    ['reopened', 'report_removed', 'removal_reported'],
    ['acknowledged', 'dispute', 'disputed'],
    ['disputed', 'uphold', 'acknowledged'],
    ['disputed', 'reject_notice', 'withdrawn'],
    ['sent', 'deadline', 'overdue'],
    ['reopened', 'deadline', 'overdue'],
    ['overdue', 'withdraw', 'withdrawn'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextNoticeState(from, event)).toBe(to);
  });

  it('refuses everything else with a clear error', () => {
    expect(() => nextNoticeState('removed', 'report_removed')).toThrow(
      'a notice that is removed cannot be reported removed (only from: sent, acknowledged, reopened, overdue)',
    );
    expect(() => nextNoticeState('removal_reported', 'report_removed')).toThrow(
      /cannot be reported removed/,
    );
    expect(() => nextNoticeState('withdrawn', 'acknowledge')).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
    let allowed = 0;
    for (const state of NOTICE_STATES as readonly NoticeState[])
      for (const event of NOTICE_EVENTS as readonly NoticeEvent[])
        if (canApplyNoticeEvent(state, event)) allowed++;
    expect(allowed).toBe(22);
    // Terminal states accept nothing.
    for (const event of NOTICE_EVENTS) {
      expect(canApplyNoticeEvent('removed', event)).toBe(false);
      expect(canApplyNoticeEvent('withdrawn', event)).toBe(false);
    }
  });
});

describe('deadlines and reminders', () => {
  const sent = new Date('2026-11-25T09:00:00.000Z');
  it('counts the takedown period from the notice', () => {
    expect(noticeDeadline(sent, 24).toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(noticeDeadline(sent, 48).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });
  it('reminds before the deadline, only at times still to come', () => {
    const deadline = noticeDeadline(sent, 24);
    expect(reminderTimes(sent, deadline, [2, 12, 30]).map((t) => t.toISOString())).toEqual([
      '2026-11-25T21:00:00.000Z',
      '2026-11-26T07:00:00.000Z',
    ]);
  });
});
