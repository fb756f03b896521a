import { useCallback, useEffect, useState } from 'react';
import { api, bearer, ok, type Answer, type Body } from '../api.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

type Item = Answer<'/v1/review', 'get'>['items'][number];
/** An item with why it is there; a disputed or overdue notice says what the decision is about. */
type Detail = Answer<'/v1/review/{id}', 'get'>;
type ReasonCode = Body<'/v1/review/{id}/decide', 'post'>['reasonCode'];

const REMOVE = ['ncii', 'sexual_deepfake', 'csam'] as const;
const RESTORE = [
  'not_intimate',
  'consent_shown',
  'not_identifiable',
  'insufficient_evidence',
] as const;
const BREAK_EVERY = 10;
const EXPOSURES = 'haechi.exposures';

/**
 * The regulator's queue. Uploads are shown blurred and grey until the reviewer deliberately
 * reveals one; reveals are counted for the session and a break is suggested every ten.
 */
export function ReviewQueue({ token }: { token: string }) {
  const { t, dateTime } = useI18n();
  const [items, setItems] = useState<Item[]>([]);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [media, setMedia] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [reason, setReason] = useState<ReasonCode | ''>('');
  const [exposures, setExposures] = useState(() => Number(sessionStorage.getItem(EXPOSURES) ?? 0));
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await ok(api.GET('/v1/review', { headers: bearer(token) }));
    setItems(answer.items);
  }, [token]);
  useEffect(() => {
    load().catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [load, t]);
  useEffect(() => () => void (media && URL.revokeObjectURL(media)), [media]);

  async function open(item: Item) {
    setProblem(null);
    setRevealed(false);
    setReason('');
    setMedia(null);
    setDetail(
      await ok(
        api.GET('/v1/review/{id}', { params: { path: { id: item.id } }, headers: bearer(token) }),
      ),
    );
    if (item.screeningId) {
      const response = await fetch(`/v1/review/${item.id}/media`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) setMedia(URL.createObjectURL(await response.blob()));
    }
  }

  const toggle = useCallback(() => {
    setRevealed((was) => {
      if (!was) {
        const next = Number(sessionStorage.getItem(EXPOSURES) ?? 0) + 1;
        sessionStorage.setItem(EXPOSURES, String(next));
        setExposures(next);
      }
      return !was;
    });
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'v' || e.key === 'V') && media && !(e.target instanceof HTMLInputElement))
        toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [media, toggle]);

  async function decide(decision: 'remove' | 'restore') {
    if (!detail || reason === '') return;
    try {
      await ok(
        api.POST('/v1/review/{id}/decide', {
          params: { path: { id: detail.item.id } },
          headers: bearer(token),
          body: { decision, reasonCode: reason },
        }),
      );
      setDetail(null);
      setMedia(null);
      await load();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  const evidence = detail?.evidence;
  return (
    <section className="review">
      <h2>{t('reviewQueue')}</h2>
      <p className="hint" data-testid="exposures">
        {t('exposures', { count: exposures })}
      </p>
      {exposures > 0 && exposures % BREAK_EVERY === 0 && (
        <p role="status" className="break">
          {t('takeBreak', { count: exposures })}
        </p>
      )}
      {problem && <p role="alert">{problem}</p>}
      {items.length === 0 ? (
        <p>{t('noItems')}</p>
      ) : (
        <ul className="queue-items">
          {items.map((item) => (
            <li key={item.id} data-item={item.id} className={item.overdue ? 'late' : undefined}>
              {t(`kind.${item.kind}` as MessageKey)} · {t('due', { when: dateTime(item.dueAt) })}
              {item.overdue && <> · {t('reviewOverdue')}</>}{' '}
              <button type="button" onClick={() => void open(item)}>
                {t('open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {detail && (
        <article className="item" data-testid="review-item">
          <h3>{t(`kind.${detail.item.kind}` as MessageKey)}</h3>
          <h4>{t('media')}</h4>
          {media ? (
            <figure>
              <img
                src={media}
                alt=""
                data-testid="review-media"
                className={revealed ? 'revealed' : 'shielded'}
              />
              <figcaption>{revealed ? '' : t('shielded')}</figcaption>
              <button type="button" aria-pressed={revealed} onClick={toggle}>
                {revealed ? t('hide') : t('reveal')}
              </button>
            </figure>
          ) : (
            <p>{t('noMedia')}</p>
          )}
          {detail.notice && (
            <section aria-label={t('noticeUnderReview')} data-testid="review-notice">
              <h4>{t('noticeUnderReview')}</h4>
              <p>
                <a href={detail.notice.url} rel="noreferrer noopener" target="_blank">
                  {detail.notice.url}
                </a>
              </p>
              <p>{t(`basis.${detail.notice.basis}` as MessageKey)}</p>
              {detail.notice.disputeReason && (
                <p>
                  {t('platformDisputeReason')}: <q>{detail.notice.disputeReason}</q>
                </p>
              )}
              <ol>
                {detail.notice.events.map((e, i) => (
                  <li key={i}>
                    {dateTime(e.at)} · {e.event} · {e.actorKind}
                    {e.note ? ` · ${e.note}` : ''}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <h4>{t('reasons')}</h4>
          <ul>
            {(evidence?.reasons ?? []).map((r) => (
              <li key={r.rule}>
                {r.rule}
                {r.description ? `: ${r.description}` : ''}
              </li>
            ))}
          </ul>
          <h4>{t('signals')}</h4>
          <ul>
            {(evidence?.matches ?? []).map((m, i) => (
              <li key={`m${i}`}>
                {m.bank} · {m.signalType} · {m.distance}
                {m.region ? ` · ${t('matchRegion', { ...m.region })}` : ''}
                {m.crop ? ` · ${t('matchCrop', { crop: m.crop })}` : ''}
                {m.segments?.length
                  ? ` · ${t('matchSegments', { ranges: ranges(m.segments) })}`
                  : ''}
              </li>
            ))}
            {(evidence?.scores ?? []).map((s) => (
              <li key={`${s.detector}:${s.label}`}>
                {s.detector}:{s.label} · {s.score.toFixed(2)}
                {s.segments?.length
                  ? ` · ${t('matchSegments', { ranges: ranges(s.segments) })}`
                  : ''}
              </li>
            ))}
          </ul>
          <label>
            {t('reasonCode')}
            <select value={reason} onChange={(e) => setReason(e.target.value as ReasonCode | '')}>
              <option value="">—</option>
              {[...REMOVE, ...RESTORE].map((code) => (
                <option key={code} value={code}>
                  {t(`reason.${code}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="danger"
            disabled={!(REMOVE as readonly string[]).includes(reason)}
            onClick={() => void decide('remove')}
          >
            {t('decideRemove')}
          </button>
          <button
            type="button"
            disabled={!(RESTORE as readonly string[]).includes(reason)}
            onClick={() => void decide('restore')}
          >
            {t('decideRestore')}
          </button>
        </article>
      )}
    </section>
  );
}

/** Where in a video a signal holds, as "0:01–0:03, 0:12–0:15". */
function ranges(segments: ReadonlyArray<{ startSec: number; endSec: number }>): string {
  const clock = (sec: number) =>
    `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
  return segments.map((s) => `${clock(s.startSec)}–${clock(s.endSec)}`).join(', ');
}
