import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import { CaseStatus } from '../victim/CaseStatus.js';
import { CaseHistory } from './CaseHistory.js';

type Summary = Answer<'/v1/cases', 'get'>['cases'][number];

/** A counsellor's caseload: her center's cases, one opened for a victim, and each case's page. */
export function CounsellorCases({ token }: { token: string }) {
  const { t, dateTime } = useI18n();
  const [cases, setCases] = useState<Summary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [urls, setUrls] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    setCases((await ok(api.GET('/v1/cases', { headers: bearer(token) }))).cases);
  }, [token]);
  useEffect(() => {
    load().catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [load, t]);

  async function openCase(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      const links = urls
        .split('\n')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      const opened = await ok(
        api.POST('/v1/cases', { headers: bearer(token), body: { hashes: [], urls: links } }),
      );
      setUrls('');
      setMessage(t('caseOpened', { code: opened.code }));
      await load();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  if (selected)
    return (
      <section>
        <button type="button" className="secondary" onClick={() => setSelected(null)}>
          {t('back')}
        </button>
        <CaseStatus initial={{ code: selected, token }} />
        <CaseHistory code={selected} token={token} />
      </section>
    );

  return (
    <section>
      <h2>{t('caseload')}</h2>
      {problem && <p role="alert">{problem}</p>}
      {cases.length === 0 ? (
        <p>{t('noCases')}</p>
      ) : (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('code')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('opened')}</th>
              <th scope="col">{t('progress')}</th>
              <th scope="col">{t('nextDeadline')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.code} data-case={c.code} className={c.overdue > 0 ? 'late' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(c.code)}>
                    {c.code}
                  </button>
                </td>
                <td>{c.status === 'open' ? t('statusOpen') : t('statusWithdrawn')}</td>
                <td>{dateTime(c.openedAt)}</td>
                <td>
                  {t('progressOf', { removed: c.removed, total: c.notices })}
                  {c.overdue > 0 && <> · {t('overdueCount', { count: c.overdue })}</>}
                </td>
                <td>{c.nextDeadline ? dateTime(c.nextDeadline) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UnassignedUrls token={token} />
      <form onSubmit={(event) => void openCase(event)}>
        <h3>{t('openForVictim')}</h3>
        <label>
          {t('urls')}
          <textarea rows={3} required value={urls} onChange={(e) => setUrls(e.target.value)} />
        </label>
        <button type="submit">{t('openCase')}</button>
        {message && <p role="status">{message}</p>}
      </form>
    </section>
  );
}

/** Victims' links on hosts no platform has registered: no notice went out, so they are ours. */
function UnassignedUrls({ token }: { token: string }) {
  const { t, dateTime } = useI18n();
  const [urls, setUrls] = useState<Answer<'/v1/case-urls/unassigned', 'get'>['urls']>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    setUrls((await ok(api.GET('/v1/case-urls/unassigned', { headers: bearer(token) }))).urls);
  }, [token]);
  useEffect(() => {
    load().catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [load, t]);
  const retry = async () => {
    try {
      const { sent } = await ok(
        api.POST('/v1/case-urls/unassigned/notices', { headers: bearer(token) }),
      );
      setMessage(t('unassignedSent', { count: sent }));
      await load();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  };
  return (
    <section aria-labelledby="unassigned-title" data-testid="unassigned-urls">
      <h3 id="unassigned-title">{t('unassignedUrls')}</h3>
      {problem && <p role="alert">{problem}</p>}
      {urls.length === 0 ? (
        <p>{t('noUnassignedUrls')}</p>
      ) : (
        <ul>
          {urls.map((u) => (
            <li key={`${u.code} ${u.url}`}>
              {u.code} · <span className="url">{u.url}</span> · {dateTime(u.addedAt)}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="secondary" onClick={() => void retry()}>
        {t('retryUnassigned')}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
