import type { AccessStore, AuditEntry, AuditStore, Case, NoticeStore } from '@haechi/core';
import { actorKindReader, type ActorKind } from '../../services/actors/actor-kind.js';

/** Who acted, as a counsellor may know it: a kind of actor, never a person's name or email. */
export type TimelineActor = ActorKind;

export interface TimelineEvent {
  readonly at: string;
  readonly action: AuditEntry['action'];
  /** The notice the event is about, or null for the case itself. */
  readonly noticeId: number | null;
  readonly by: TimelineActor;
  /** For a notice's change of state: the event, its state before and after. */
  readonly transition: { event: string; from: string; to: string } | null;
}

/** Most entries one timeline reads per object (a case has a handful; this bounds a pathological one). */
const MAX_ENTRIES_PER_OBJECT = 1000;

/**
 * A case's history from the audit log: its own entries and those of its notices, oldest first.
 * The audit log holds ids and states only, so the timeline shows no URL or personal data either.
 */
export async function caseTimeline(
  theCase: Case,
  deps: { audit: AuditStore; notices: NoticeStore; access: AccessStore },
): Promise<TimelineEvent[]> {
  const notices = await deps.notices.listNotices({ caseId: theCase.id, limit: 10_000 });
  const read = (objectType: string, objectId: string) =>
    deps.audit.list({ afterSeq: 0, limit: MAX_ENTRIES_PER_OBJECT, objectType, objectId });
  const entries = (
    await Promise.all([
      read('case', String(theCase.id)),
      ...notices.map((n) => read('notice', String(n.id))),
    ])
  )
    .flat()
    .sort((a, b) => a.seq - b.seq);

  const actorKind = actorKindReader(deps.access);

  const events: TimelineEvent[] = [];
  for (const entry of entries) {
    const details = entry.details as Record<string, unknown>;
    events.push({
      at: entry.at,
      action: entry.action,
      noticeId: entry.objectType === 'notice' ? Number(entry.objectId) : null,
      by: await actorKind(entry.actor),
      transition:
        entry.action === 'notice.transitioned'
          ? {
              event: String(details['event']),
              from: String(details['from']),
              to: String(details['to']),
            }
          : null,
    });
  }
  return events;
}
