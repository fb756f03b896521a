import { useCallback, useEffect, useState } from 'react';
import { api, bearer, ok, type Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { duration, OPEN_STATES } from '../components/countdown.js';

type Notice = Answer<'/v1/notices', 'get'>['notices'][number];

const OPEN = OPEN_STATES;

/** A platform's notices, soonest deadline first, with the clock and the actions it may take. */
export function PlatformNotices({ token }: { token: string }) {
  const { t, dateTime } = useI18n();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [loadedAt, setLoadedAt] = useState(Date.now());
  const [now, setNow] = useState(Date.now());
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await ok(api.GET('/v1/notices', { headers: bearer(token) }));
      setNotices(answer.notices);
      setLoadedAt(Date.now());
      setNow(Date.now());
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }, [token, t]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  async function act(id: number, action: 'acknowledge' | 'removed' | 'dispute') {
    const reason = action === 'dispute' ? window.prompt(t('disputeReason')) : undefined;
    if (action === 'dispute' && !reason) return;
    try {
      await ok(
        api.POST('/v1/notices/{id}/{action}', {
          params: { path: { id, action } },
          headers: bearer(token),
          ...(reason ? { body: { reason } } : {}),
        }),
      );
      await load();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  return (
    <section>
      <h2>
        {t('noticesQueue')}{' '}
        <button type="button" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </h2>
      {problem && <p role="alert">{problem}</p>}
      {notices.length === 0 ? (
        <p>{t('noOpenNotices')}</p>
      ) : (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('url')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('timeLeft')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => {
              const left = n.secondsLeft - Math.round((now - loadedAt) / 1000);
              const late = left <= 0 && OPEN.has(n.state);
              return (
                <tr key={n.id} data-notice={n.id} className={late ? 'late' : undefined}>
                  <td className="url">{n.url}</td>
                  <td>{t(`state.${n.state}` as MessageKey)}</td>
                  <td title={dateTime(n.deadlineAt)}>
                    {OPEN.has(n.state)
                      ? late
                        ? t('overdueBy', { time: duration(left) })
                        : t('left', { time: duration(left) })
                      : '—'}
                  </td>
                  <td>
                    {n.state === 'sent' && (
                      <button type="button" onClick={() => void act(n.id, 'acknowledge')}>
                        {t('acknowledge')}
                      </button>
                    )}
                    {OPEN.has(n.state) && (
                      <>
                        <button type="button" onClick={() => void act(n.id, 'removed')}>
                          {t('reportRemoved')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => void act(n.id, 'dispute')}
                        >
                          {t('dispute')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
