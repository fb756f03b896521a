import type { NewJob } from '../jobs/job-store.js';
import type { NoticeEvent, NoticeState } from './notice-state.js';

/** A removal notice to one platform about one URL. */
export interface Notice {
  readonly id: number;
  readonly platformOrgId: number;
  readonly caseId: number | null;
  readonly screeningId: string | null;
  readonly url: string;
  readonly state: NoticeState;
  readonly jurisdiction: string;
  readonly sentAt: string;
  readonly deadlineAt: string;
  readonly removedAt: string | null;
  readonly disputeReason: string | null;
  readonly updatedAt: string;
}

/** Events recorded on a notice besides its state machine's: sending, reminders, deliveries. */
export const NOTICE_RECORD_EVENTS = ['sent', 'reminded', 'delivered', 'delivery_failed'] as const;

export interface NoticeEventRecord {
  readonly noticeId: number;
  readonly event: NoticeEvent | (typeof NOTICE_RECORD_EVENTS)[number];
  readonly fromState: NoticeState | null;
  readonly toState: NoticeState;
  readonly at: string;
  readonly actor: string;
  readonly note: string | null;
}

export interface NoticeStore {
  /**
   * Creates the notice (state `sent`) unless one is open for the same platform and URL; null then.
   * `followUps` are the jobs it needs (its deadline, reminders, the platform's webhook), scheduled
   * in the same transaction: a crash can never leave a notice without its deadline.
   */
  createNotice(
    input: Omit<Notice, 'id' | 'state' | 'removedAt' | 'disputeReason' | 'updatedAt'>,
    actor: string,
    followUps?: (notice: Notice) => ReadonlyArray<NewJob>,
  ): Promise<Notice | null>;
  getNotice(id: number): Promise<Notice | null>;
  listNotices(options: {
    platformOrgId?: number;
    caseId?: number;
    screeningId?: string;
    states?: readonly NoticeState[];
    limit: number;
  }): Promise<Notice[]>;
  /**
   * Moves a notice from `from` to `to` if it is still in `from` (compare-and-set: a concurrent
   * change makes this return null), records the event and its audit entry in one transaction.
   */
  transition(
    id: number,
    from: NoticeState,
    to: NoticeState,
    event: NoticeEventRecord['event'],
    meta: { at: string; actor: string; note?: string; disputeReason?: string },
  ): Promise<Notice | null>;
  /** Records an event that changes no state (a reminder, a delivery). */
  recordEvent(record: NoticeEventRecord): Promise<void>;
  listEvents(noticeId: number): Promise<NoticeEventRecord[]>;
}
