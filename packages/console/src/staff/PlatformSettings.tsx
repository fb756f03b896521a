import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Answer, type Schema } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';

type Screening = Schema<'ScreeningLine'>;
type Key = Schema<'ApiKey'>;
type Bank = Answer<'/v1/banks', 'get'>['banks'][number];

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
        (
          await ok(
            api.GET('/v1/screenings', {
              params: { query: { limit: 100 } },
              headers: bearer(token),
            }),
          )
        ).screenings,
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

/** Where keys are issued: the platform's own (`/v1/keys`) or, for the operator, one platform's. */
function keyRoutes(token: string, orgId: number | undefined) {
  const headers = bearer(token);
  if (orgId === undefined) {
    return {
      list: () => ok(api.GET('/v1/keys', { headers })),
      issue: (label: string) => ok(api.POST('/v1/keys', { headers, body: { label } })),
      revoke: (id: number) =>
        ok(api.DELETE('/v1/keys/{id}', { headers, params: { path: { id } } })),
    };
  }
  const org = { id: orgId };
  return {
    list: () => ok(api.GET('/v1/admin/orgs/{id}/keys', { headers, params: { path: org } })),
    issue: (label: string) =>
      ok(api.POST('/v1/admin/orgs/{id}/keys', { headers, params: { path: org }, body: { label } })),
    revoke: (keyId: number) =>
      ok(
        api.DELETE('/v1/admin/orgs/{id}/keys/{keyId}', {
          headers,
          params: { path: { ...org, keyId } },
        }),
      ),
  };
}

/**
 * API keys: issue (the secret is shown once), list, revoke. The platform's own, or with `orgId` the
 * operator's view of that platform's.
 */
export function ApiKeys({ token, orgId }: { token: string; orgId?: number }) {
  const { t, dateTime } = useI18n();
  const [keys, setKeys] = useState<Key[]>([]);
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const { problem, guard } = useProblem();
  const routes = useMemo(() => keyRoutes(token, orgId), [token, orgId]);
  const load = useCallback(async () => setKeys((await routes.list()).keys), [routes]);
  useEffect(() => {
    void guard(load);
  }, [guard, load]);

  const issue = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const made = await routes.issue(label);
      setSecret(made.key);
      setLabel('');
      await load();
    });
  };
  const revoke = (key: Key) => {
    if (!window.confirm(t('revokeConfirm', { label: key.label }))) return;
    void guard(async () => {
      await routes.revoke(key.id);
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
      const current = await ok(api.GET('/v1/webhook', { headers: bearer(token) }));
      setUrl(current.url ?? '');
      setHasSecret(current.hasSecret);
      setLoaded(true);
    });
  }, [token, guard]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const saved = await ok(
        api.PUT('/v1/webhook', {
          headers: bearer(token),
          body: { url: url.trim() === '' ? null : url.trim() },
        }),
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
      const answer = await ok(api.POST('/v1/webhook/test', { headers: bearer(token) }));
      setResult(answer.delivered ? t('webhookTested') : t('webhookTestFailed'));
    });
  const rotate = () => {
    if (hasSecret && !window.confirm(t('rotateConfirm'))) return;
    void guard(async () => {
      setSecret((await ok(api.POST('/v1/webhook-secret', { headers: bearer(token) }))).secret);
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
  const [banks, setBanks] = useState<Array<Pick<Bank, 'name' | 'activeEntries'>>>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [required, setRequired] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { problem, guard } = useProblem();
  useEffect(() => {
    void guard(async () => {
      const [list, org] = await Promise.all([
        ok(api.GET('/v1/banks', { headers: bearer(token) })),
        ok(api.GET('/v1/org', { headers: bearer(token) })),
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
      const org = await ok(
        api.PUT('/v1/org/subscriptions', {
          headers: bearer(token),
          body: {
            subscriptions: chosen.includes('*') ? chosen : [...new Set([...required, ...chosen])],
          },
        }),
      );
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
