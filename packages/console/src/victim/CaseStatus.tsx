import { useEffect, useState, type FormEvent } from 'react';
import { callApi } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

interface Status {
  readonly code: string;
  readonly status: 'open' | 'withdrawn';
  readonly openedAt: string;
  readonly hashes: number;
  readonly notices: Array<{
    id: number;
    url: string;
    state: string;
    deadlineAt: string;
    removedAt: string | null;
  }>;
}

/** She opens her request with its code and her passphrase, follows it, and may withdraw it. */
export function CaseStatus({ initial }: { initial: { code: string; token: string } | null }) {
  const { t, dateTime } = useI18n();
  const [code, setCode] = useState(initial?.code ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [token, setToken] = useState(initial?.token ?? '');
  const [status, setStatus] = useState<Status | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token || !code) return;
    callApi<Status>('GET', `/v1/cases/${encodeURIComponent(code)}`, { token })
      .then(setStatus)
      .catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [token, code, t]);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const session = await callApi<{ token: string }>('POST', '/v1/case-sessions', {
        body: { code, passphrase },
      });
      setPassphrase('');
      setToken(session.token);
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    if (!window.confirm(t('withdrawConfirm'))) return;
    try {
      setStatus(
        await callApi<Status>('POST', `/v1/cases/${encodeURIComponent(code)}/withdraw`, { token }),
      );
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  if (!status)
    return (
      <form onSubmit={signIn}>
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
        <ul className="notices">
          {status.notices.map((n) => (
            <li key={n.id} data-state={n.state}>
              <span className="url">{n.url}</span> — {t(`state.${n.state}` as MessageKey)} (
              {n.removedAt
                ? t('removedAt', { when: dateTime(n.removedAt) })
                : t('deadline', { when: dateTime(n.deadlineAt) })}
              )
            </li>
          ))}
        </ul>
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
