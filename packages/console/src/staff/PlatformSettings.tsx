import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { callApi } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';

interface Screening {
  readonly id: string;
  readonly verdict: string;
  readonly status: string;
  readonly mediaKind: string;
  readonly contentId: string | null;
  readonly createdAt: string;
  readonly rules: string[];
}

interface Key {
  readonly id: number;
  readonly prefix: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Shows an API failure in the reader's language, beside the part that failed. */
function useProblem() {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const guard = useCallback(
    async (work: () => Promise<void>) => {
      setProblem(null);
      try {
        await work();
      } catch (error) {
        setProblem(t('error', { message: (error as Error).message }));
      }
    },
    [t],
  );
  return { problem, guard };
}

/** The platform's screening log: what was held, referred or blocked (allowed uploads leave nothing). */
export function ScreeningLog({ token }: { token: string }) {
  const { t, dateTime } = useI18n();
  const [lines, setLines] = useState<Screening[]>([]);
  const { problem, guard } = useProblem();
  useEffect(() => {
    void guard(async () =>
      setLines(
        (await callApi<{ screenings: Screening[] }>('GET', '/v1/screenings?limit=100', { token }))
          .screenings,
      ),
    );
  }, [token, guard]);
  return (
    <section>
      <h2>{t('screeningLog')}</h2>
      <p className="hint">{t('screeningLogHint')}</p>
      {problem && <p role="alert">{problem}</p>}
      {lines.length === 0 ? (
        <p>{t('noScreenings')}</p>
      ) : (
        <table className="queue" data-testid="screening-log">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('contentId')}</th>
              <th scope="col">{t('verdict')}</th>
              <th scope="col">{t('rules')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((s) => (
              <tr key={s.id}>
                <td>{dateTime(s.createdAt)}</td>
                <td>{s.contentId ?? s.id}</td>
                <td>{s.verdict}</td>
                <td>{s.rules.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The platform's API keys: issue (the secret is shown once), list, revoke. */
export function ApiKeys({ token, base = '/v1/keys' }: { token: string; base?: string }) {
  const { t, dateTime } = useI18n();
  const [keys, setKeys] = useState<Key[]>([]);
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const { problem, guard } = useProblem();
  const load = useCallback(
    async () => setKeys((await callApi<{ keys: Key[] }>('GET', base, { token })).keys),
    [token, base],
  );
  useEffect(() => {
    void guard(load);
  }, [guard, load]);

  const issue = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const made = await callApi<{ key: string }>('POST', base, { token, body: { label } });
      setSecret(made.key);
      setLabel('');
      await load();
    });
  };
  const revoke = (key: Key) => {
    if (!window.confirm(t('revokeConfirm', { label: key.label }))) return;
    void guard(async () => {
      await callApi('DELETE', `${base}/${key.id}`, { token });
      await load();
    });
  };

  return (
    <section>
      <h2>{t('apiKeys')}</h2>
      {problem && <p role="alert">{problem}</p>}
      {secret && (
        <div role="status">
          <p>{t('keyShownOnce')}</p>
          <p className="secret" data-testid="new-key">
            {secret}
          </p>
        </div>
      )}
      <table className="queue" data-testid="keys">
        <thead>
          <tr>
            <th scope="col">{t('keyLabel')}</th>
            <th scope="col">{t('keyPrefix')}</th>
            <th scope="col">{t('created')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-key={k.prefix}>
              <td>{k.label}</td>
              <td>{k.prefix}</td>
              <td>{dateTime(k.createdAt)}</td>
              <td>
                {k.revokedAt ? (
                  t('revokedAt', { when: dateTime(k.revokedAt) })
                ) : (
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('revokeNamed', { label: k.label })}
                    onClick={() => revoke(k)}
                  >
                    {t('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={issue}>
        <TextField label={t('newKeyLabel')} required value={label} onChange={setLabel} />
        <button type="submit">{t('issueKey')}</button>
      </form>
    </section>
  );
}

/** Where notices are pushed: the URL, a signed test event, and the signing secret. */
export function WebhookSettings({ token }: { token: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [hasSecret, setHasSecret] = useState(false);
  // Until the current settings arrive the field is read-only: what arrives must not overwrite
  // what a person already typed (on a slow connection they would lose it silently).
  const [loaded, setLoaded] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const { problem, guard } = useProblem();
  useEffect(() => {
    void guard(async () => {
      const current = await callApi<{ url: string | null; hasSecret: boolean }>(
        'GET',
        '/v1/webhook',
        { token },
      );
      setUrl(current.url ?? '');
      setHasSecret(current.hasSecret);
      setLoaded(true);
    });
  }, [token, guard]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const saved = await callApi<{ url: string | null; hasSecret: boolean; secret?: string }>(
        'PUT',
        '/v1/webhook',
        { token, body: { url: url.trim() === '' ? null : url.trim() } },
      );
      // The first URL comes with a signing secret, shown this once.
      if (saved.secret) setSecret(saved.secret);
      setHasSecret(saved.hasSecret);
      setResult(saved.url ? t('webhookSaved') : t('webhookCleared'));
    });
  };
  const test = () =>
    void guard(async () => {
      setResult(null);
      const answer = await callApi<{ delivered: boolean }>('POST', '/v1/webhook/test', { token });
      setResult(answer.delivered ? t('webhookTested') : t('webhookTestFailed'));
    });
  const rotate = () => {
    if (hasSecret && !window.confirm(t('rotateConfirm'))) return;
    void guard(async () => {
      setSecret(
        (await callApi<{ secret: string }>('POST', '/v1/webhook-secret', { token })).secret,
      );
      setHasSecret(true);
    });
  };

  return (
    <section>
      <h2>{t('webhook')}</h2>
      <form onSubmit={save}>
        <label>
          {t('webhookUrl')}
          <input
            type="url"
            placeholder="https://"
            readOnly={!loaded}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!loaded}>
          {t('save')}
        </button>
        <button type="button" className="secondary" onClick={test}>
          {t('sendTest')}
        </button>
      </form>
      <p>
        {hasSecret ? t('secretSet') : t('secretNotSet')}{' '}
        <button type="button" className="secondary" onClick={rotate}>
          {hasSecret ? t('rotateSecret') : t('createSecret')}
        </button>
      </p>
      {secret && (
        <div role="status">
          <p>{t('secretShownOnce')}</p>
          <p className="secret" data-testid="webhook-secret">
            {secret}
          </p>
        </div>
      )}
      {result && <p role="status">{result}</p>}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}

/** Which banks screen the platform's uploads: every bank, or the ones it picks. */
export function BankSubscriptions({ token }: { token: string }) {
  const { t } = useI18n();
  const [banks, setBanks] = useState<Array<{ name: string; activeEntries: number }>>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [required, setRequired] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { problem, guard } = useProblem();
  useEffect(() => {
    void guard(async () => {
      const [list, org] = await Promise.all([
        callApi<{ banks: Array<{ name: string; activeEntries: number }> }>('GET', '/v1/banks', {
          token,
        }),
        callApi<{ subscriptions: string[]; requiredBanks: string[] }>('GET', '/v1/org', { token }),
      ]);
      // The banks the law requires are listed even before they hold anything.
      const listed = new Set(list.banks.map((b) => b.name));
      setBanks([
        ...list.banks,
        ...org.requiredBanks
          .filter((name) => !listed.has(name))
          .map((name) => ({ name, activeEntries: 0 })),
      ]);
      setRequired(org.requiredBanks);
      setChosen(org.subscriptions);
    });
  }, [token, guard]);
  const all = chosen.includes('*');
  const toggle = (name: string, on: boolean) => {
    setSaved(false);
    setChosen((now) =>
      on ? [...now.filter((n) => n !== name), name] : now.filter((n) => n !== name),
    );
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const org = await callApi<{ subscriptions: string[] }>('PUT', '/v1/org/subscriptions', {
        token,
        body: {
          subscriptions: chosen.includes('*') ? chosen : [...new Set([...required, ...chosen])],
        },
      });
      setChosen(org.subscriptions);
      setSaved(true);
    });
  };
  return (
    <section>
      <h2>{t('subscriptions')}</h2>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t('subscriptionsHint')}</legend>
          <label>
            <input type="checkbox" checked={all} onChange={(e) => toggle('*', e.target.checked)} />{' '}
            {t('allBanks')}
          </label>
          {banks.map((b) => {
            const lawful = required.includes(b.name);
            return (
              <label key={b.name}>
                <input
                  type="checkbox"
                  disabled={all || lawful}
                  checked={all || lawful || chosen.includes(b.name)}
                  onChange={(e) => toggle(b.name, e.target.checked)}
                />{' '}
                {b.name} ({t('entries', { count: b.activeEntries })})
                {lawful && <> · {t('requiredBank')}</>}
              </label>
            );
          })}
        </fieldset>
        <button type="submit">{t('save')}</button>
      </form>
      {saved && <p role="status">{t('subscriptionsSaved')}</p>}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
