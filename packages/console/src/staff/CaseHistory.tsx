import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import { MESSAGES, type MessageKey } from '../messages.js';

const known = (key: string): key is MessageKey => key in MESSAGES.en;

type TimelineEvent = Answer<'/v1/cases/{code}/timeline', 'get'>['events'][number];

type Note = Answer<'/v1/cases/{code}/notes', 'get'>['notes'][number];

/** A case's history (from the audit log) and the counsellors' contact notes on it. */
export function CaseHistory({ code, token }: { code: string; token: string }) {
  const { t, dateTime } = useI18n();
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [notes, setNotes] = useState<Note[]>([]);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const params = { path: { code } };

  const load = useCallback(async () => {
    const [timeline, noteList] = await Promise.all([
      ok(api.GET('/v1/cases/{code}/timeline', { params, headers: bearer(token) })),
      ok(api.GET('/v1/cases/{code}/notes', { params, headers: bearer(token) })),
    ]);
    setEvents(timeline.events);
    setNotes(noteList.notes);
  }, [code, token]);
  useEffect(() => {
    load().catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [load, t]);

  async function addNote(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await ok(
        api.POST('/v1/cases/{code}/notes', {
          params: { path: { code } },
          headers: bearer(token),
          body: { text: draft },
        }),
      );
      setDraft('');
      await load();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  const describe = (e: TimelineEvent) => {
    const what = e.transition
      ? t('timeline.transition', {
          notice: e.noticeId ?? '',
          to: t(`state.${e.transition.to}` as MessageKey),
        })
      : known(`timeline.${e.action}`)
        ? t(`timeline.${e.action}` as MessageKey, { notice: e.noticeId ?? '' })
        : e.action;
    const by = known(`actor.${e.by}`) ? `actor.${e.by}` : `role.${e.by}`;
    return `${what} — ${known(by) ? t(by) : e.by}`;
  };

  return (
    <section className="case-history">
      <h3>{t('timelineTitle')}</h3>
      <ol className="timeline" data-testid="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> {describe(e)}
          </li>
        ))}
      </ol>
      <h3>{t('notesTitle')}</h3>
      {notes.length === 0 ? (
        <p>{t('noNotes')}</p>
      ) : (
        <ul className="notes" data-testid="notes">
          {notes.map((n) => (
            <li key={n.id}>
              <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time>
              {n.mine ? ` (${t('noteMine')})` : ''}: <span className="note-text">{n.text}</span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void addNote(event)}>
        <label>
          {t('noteLabel')}
          <textarea
            rows={3}
            required
            maxLength={4000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit">{t('addNote')}</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
