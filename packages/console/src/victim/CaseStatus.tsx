import { useEffect, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Schema } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { duration, OPEN_STATES, secondsUntil } from '../components/countdown.js';

type Status = Schema<'CaseStatus'>;

/** She opens her request with its code and her passphrase, follows it, and may withdraw it. */
export function CaseStatus({ initial }: { initial: { code: string; token: string } | null }) {
  const { t, dateTime } = useI18n();
  const [code, setCode] = useState(initial?.code ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [token, setToken] = useState(initial?.token ?? '');
  const [status, setStatus] = useState<Status | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newUrls, setNewUrls] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!token || !code) return;
    ok(api.GET('/v1/cases/{code}', { params: { path: { code } }, headers: bearer(token) }))
      .then(setStatus)
      .catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [token, code, t]);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const session = await ok(api.POST('/v1/case-sessions', { body: { code, passphrase } }));
      setPassphrase('');
      setToken(session.token);
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  async function addUrls(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setAdded(null);
    try {
      const urls = newUrls
        .split('\n')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      const next = await ok(
        api.POST('/v1/cases/{code}/urls', {
          params: { path: { code } },
          headers: bearer(token),
          body: { urls },
        }),
      );
      setStatus(next);
      setNewUrls('');
      setAdded(
        next.unknownHosts.length === 0
          ? t('urlsAdded')
          : t('urlsAddedUnknown', { hosts: next.unknownHosts.join(', ') }),
      );
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  async function withdraw() {
    if (!window.confirm(t('withdrawConfirm'))) return;
    try {
      setStatus(
        await ok(
          api.POST('/v1/cases/{code}/withdraw', {
            params: { path: { code } },
            headers: bearer(token),
          }),
        ),
      );
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  if (!status)
    return (
      <form onSubmit={(event) => void signIn(event)}>
        <TextField label={t('code')} required value={code} onChange={setCode} />
        <TextField
          label={t('passphrase')}
          type="password"
          autoComplete="current-password"
          required
          value={passphrase}
          onChange={setPassphrase}
        />
        {problem && <p role="alert">{problem}</p>}
        <button type="submit" disabled={busy || (token !== '' && !problem)}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    );

  return (
    <section>
      <h2>
        {t('code')}: <span data-testid="status-code">{status.code}</span>
      </h2>
      <p>
        {t('status')}:{' '}
        <strong>{status.status === 'open' ? t('statusOpen') : t('statusWithdrawn')}</strong> ·{' '}
        {t('openedAt', { when: dateTime(status.openedAt) })} ·{' '}
        {t('fingerprints', { count: status.hashes })}
      </p>
      <h3>{t('notices')}</h3>
      {status.notices.length === 0 ? (
        <p>{t('noNotices')}</p>
      ) : (
        // One list per site: each platform answers for the notices it got.
        [...new Set(status.notices.map((n) => new URL(n.url).hostname))].map((host) => (
          <section key={host} className="platform-notices">
            <h4>{host}</h4>
            <ul className="notices">
              {status.notices
                .filter((n) => new URL(n.url).hostname === host)
                .map((n) => {
                  const left = secondsUntil(n.deadlineAt, now);
                  const running = OPEN_STATES.has(n.state);
                  return (
                    <li
                      key={n.id}
                      data-state={n.state}
                      className={running && left <= 0 ? 'late' : undefined}
                    >
                      <span className="url">{n.url}</span> — {t(`state.${n.state}` as MessageKey)} (
                      {n.removedAt
                        ? t('removedAt', { when: dateTime(n.removedAt) })
                        : running
                          ? `${left > 0 ? t('left', { time: duration(left) }) : t('overdueBy', { time: duration(left) })}, ${t('deadline', { when: dateTime(n.deadlineAt) })}`
                          : t('deadline', { when: dateTime(n.deadlineAt) })}
                      )
                      {n.closedBecause && (
                        <span className="why"> {t(`closed.${n.closedBecause}` as MessageKey)}</span>
                      )}
                    </li>
                  );
                })}
            </ul>
          </section>
        ))
      )}
      {status.status === 'open' && (
        <form onSubmit={(event) => void addUrls(event)}>
          <label>
            {t('addUrls')}
            <textarea
              rows={2}
              required
              value={newUrls}
              onChange={(e) => setNewUrls(e.target.value)}
            />
          </label>
          <button type="submit">{t('addUrlsButton')}</button>
          {added && <p role="status">{added}</p>}
        </form>
      )}
      {problem && <p role="alert">{problem}</p>}
      {status.status === 'open' && (
        <button type="button" className="danger" onClick={() => void withdraw()}>
          {t('withdraw')}
        </button>
      )}
    </section>
  );
}
