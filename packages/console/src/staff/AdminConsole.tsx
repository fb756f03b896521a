import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Answer, type Body, type Schema } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { ApiKeys } from './PlatformSettings.js';

type Org = Schema<'AdminOrg'>;
type User = Schema<'AdminUser'>;
type Jurisdiction = Answer<'/v1/admin/jurisdictions', 'get'>['jurisdictions'][number];
type Kind = Org['kind'];
type Role = User['role'];
type JurisdictionCode = Org['jurisdiction'];

const KINDS: readonly Kind[] = [
  'platform',
  'support_center',
  'regulator',
  'police',
  'government',
  'operator',
];
const ROLES_OF_KIND: Readonly<Record<Kind, readonly Role[]>> = {
  operator: ['admin'],
  platform: ['platform'],
  support_center: ['counsellor'],
  regulator: ['reviewer', 'admin'],
  police: ['investigator'],
  government: ['analyst'],
};
const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The operator's administration: organisations, people, keys, domains, subscriptions, policy. */
export function AdminConsole({ token }: { token: string }) {
  const { t } = useI18n();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [jurisdictions, setJurisdictions] = useState<Jurisdiction[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('platform');
  const [jurisdiction, setJurisdiction] = useState<JurisdictionCode>('KR');
  const [domains, setDomains] = useState('');

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
  const load = useCallback(async () => {
    setOrgs((await ok(api.GET('/v1/admin/orgs', { headers: bearer(token) }))).orgs);
  }, [token]);
  useEffect(() => {
    void guard(async () => {
      await load();
      setJurisdictions(
        (await ok(api.GET('/v1/admin/jurisdictions', { headers: bearer(token) }))).jurisdictions,
      );
    });
  }, [guard, load, token]);

  const addOrg = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const org = await ok(
        api.POST('/v1/admin/orgs', {
          headers: bearer(token),
          body: {
            name,
            kind,
            jurisdiction,
            ...(kind === 'platform' && lines(domains).length ? { domains: lines(domains) } : {}),
          },
        }),
      );
      setName('');
      setDomains('');
      await load();
      setSelected(org.id);
    });
  };

  const org = orgs.find((o) => o.id === selected);
  return (
    <section>
      <h2>{t('adminTitle')}</h2>
      {problem && <p role="alert">{problem}</p>}
      <table className="queue" data-testid="orgs">
        <thead>
          <tr>
            <th scope="col">{t('orgNameShort')}</th>
            <th scope="col">{t('orgKind')}</th>
            <th scope="col">{t('jurisdiction')}</th>
            <th scope="col">{t('domains')}</th>
          </tr>
        </thead>
        <tbody>
          {orgs.map((o) => (
            <tr key={o.id} data-org={o.name} aria-selected={o.id === selected}>
              <td>
                <button type="button" className="link" onClick={() => setSelected(o.id)}>
                  {o.name}
                </button>
              </td>
              <td>{t(`orgKind.${o.kind}` as MessageKey)}</td>
              <td>{o.jurisdiction}</td>
              <td>{o.domains.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {org && <OrgDetail key={org.id} org={org} token={token} onChanged={() => void guard(load)} />}
      <form onSubmit={addOrg}>
        <h3>{t('addOrg')}</h3>
        <TextField label={t('orgName')} required value={name} onChange={setName} />
        <label>
          {t('orgKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`orgKind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('jurisdiction')}
          <select
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value as JurisdictionCode)}
          >
            {jurisdictions.map((j) => (
              <option key={j.code} value={j.code}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
        {kind === 'platform' && (
          <TextField label={t('domainsField')} value={domains} onChange={setDomains} />
        )}
        <button type="submit">{t('addOrgButton')}</button>
      </form>
      <h3>{t('jurisdictions')}</h3>
      <table className="queue" data-testid="jurisdictions">
        <thead>
          <tr>
            <th scope="col">{t('jurisdiction')}</th>
            <th scope="col">{t('takedownHours')}</th>
            <th scope="col">{t('rules')}</th>
          </tr>
        </thead>
        <tbody>
          {jurisdictions.map((j) => (
            <tr key={j.code}>
              <td>{j.name}</td>
              <td>{j.takedownHours}</td>
              <td>
                <ul>
                  {j.rules.map((r) => (
                    <li key={r.id}>
                      <code>{r.id}</code> → {r.verdict}: {r.description}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('jurisdictionsHint')}</p>
    </section>
  );
}

/** One organisation: its people, and for a platform its keys, domains, subscriptions and policy. */
function OrgDetail({ org, token, onChanged }: { org: Org; token: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const roles = ROLES_OF_KIND[org.kind];
  const [role, setRole] = useState<Role | undefined>(roles[0]);
  const [domains, setDomains] = useState(org.domains.join(', '));
  const [subscriptions, setSubscriptions] = useState(org.subscriptions.join(', '));
  const [policy, setPolicy] = useState(JSON.stringify(org.policy ?? {}, null, 2));
  const headers = bearer(token);
  const inOrg = { path: { id: org.id } };

  const guard = async (work: () => Promise<void>) => {
    setProblem(null);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  };
  const loadUsers = useCallback(async () => {
    const answer = await ok(
      api.GET('/v1/admin/orgs/{id}/users', {
        headers: bearer(token),
        params: { path: { id: org.id } },
      }),
    );
    setUsers(answer.users);
  }, [org.id, token]);
  useEffect(() => {
    loadUsers().catch((error: Error) => setProblem(t('error', { message: error.message })));
  }, [loadUsers, t]);

  const addUser = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      if (!role) return;
      const person: Body<'/v1/admin/orgs/{id}/users', 'post'> = {
        email,
        displayName,
        role,
        password,
      };
      await ok(api.POST('/v1/admin/orgs/{id}/users', { headers, params: inOrg, body: person }));
      setEmail('');
      setDisplayName('');
      setPassword('');
      await loadUsers();
    });
  };
  const disable = (user: User) => {
    if (!window.confirm(t('disableConfirm', { email: user.email }))) return;
    void guard(async () => {
      await ok(
        api.POST('/v1/admin/orgs/{id}/users/{userId}/disable', {
          headers,
          params: { path: { id: org.id, userId: user.id } },
        }),
      );
      await loadUsers();
    });
  };
  const enable = (user: User) =>
    void guard(async () => {
      await ok(
        api.POST('/v1/admin/orgs/{id}/users/{userId}/enable', {
          headers,
          params: { path: { id: org.id, userId: user.id } },
        }),
      );
      await loadUsers();
    });
  const savePlatform = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(policy);
      } catch {
        throw new Error(t('policyNotJson'));
      }
      await ok(
        api.PUT('/v1/admin/orgs/{id}', {
          headers,
          params: inOrg,
          body: { domains: lines(domains), subscriptions: lines(subscriptions), policy: parsed },
        }),
      );
      setMessage(t('saved'));
      onChanged();
    });
  };

  return (
    <section className="org-detail" aria-label={org.name}>
      <h3>{org.name}</h3>
      {problem && <p role="alert">{problem}</p>}
      {message && <p role="status">{message}</p>}
      <h4>{t('people')}</h4>
      <table className="queue" data-testid="users">
        <thead>
          <tr>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('displayName')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td>{u.email}</td>
              <td>{u.displayName}</td>
              <td>{t(`role.${u.role}` as MessageKey)}</td>
              <td>
                {u.disabledAt ? (
                  <>
                    {t('disabled')}{' '}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('enableNamed', { email: u.email })}
                      onClick={() => enable(u)}
                    >
                      {t('enable')}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('disableNamed', { email: u.email })}
                    onClick={() => disable(u)}
                  >
                    {t('disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={addUser}>
        <TextField label={t('email')} type="email" required value={email} onChange={setEmail} />
        <TextField
          label={t('displayName')}
          required
          value={displayName}
          onChange={setDisplayName}
        />
        <label>
          {t('role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label={t('initialPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={setPassword}
        />
        <button type="submit">{t('addPerson')}</button>
      </form>
      {org.kind === 'platform' && (
        <>
          <ApiKeys token={token} orgId={org.id} />
          <form onSubmit={savePlatform}>
            <h4>{t('platformSettings')}</h4>
            <TextField label={t('domainsField')} value={domains} onChange={setDomains} />
            <TextField
              label={t('subscriptionsField')}
              value={subscriptions}
              onChange={setSubscriptions}
            />
            <label>
              {t('policyField')}
              <textarea
                rows={6}
                spellCheck={false}
                value={policy}
                onChange={(e) => setPolicy(e.target.value)}
              />
            </label>
            <button type="submit">{t('save')}</button>
          </form>
        </>
      )}
    </section>
  );
}
