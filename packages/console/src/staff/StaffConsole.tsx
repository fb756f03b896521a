import { useState, type FormEvent } from 'react';
import { api, bearer, ok } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { PlatformNotices } from './PlatformNotices.js';
import { ReviewQueue } from './ReviewQueue.js';
import { CounsellorCases } from './CounsellorCases.js';
import { Dashboard } from './Dashboard.js';
import { AdminConsole } from './AdminConsole.js';
import { Tabs } from '../components/Tabs.js';
import { ApiKeys, BankSubscriptions, ScreeningLog, WebhookSettings } from './PlatformSettings.js';

type PlatformTab = 'notices' | 'screenings' | 'keys' | 'webhook' | 'banks';

/** A platform's team: the notice queue first, its settings a tab away. */
function PlatformConsole({ token }: { token: string }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<PlatformTab>('notices');
  return (
    <Tabs
      label={t('platformSections')}
      selected={tab}
      onSelect={setTab}
      tabs={[
        { key: 'notices', title: t('tabNotices') },
        { key: 'screenings', title: t('tabScreenings') },
        { key: 'keys', title: t('tabKeys') },
        { key: 'webhook', title: t('tabWebhook') },
        { key: 'banks', title: t('tabBanks') },
      ]}
    >
      {tab === 'notices' && <PlatformNotices token={token} />}
      {tab === 'screenings' && <ScreeningLog token={token} />}
      {tab === 'keys' && <ApiKeys token={token} />}
      {tab === 'webhook' && <WebhookSettings token={token} />}
      {tab === 'banks' && <BankSubscriptions token={token} />}
    </Tabs>
  );
}

interface Session {
  readonly token: string;
  readonly role: string;
}

const STORAGE = 'haechi.staff';

/** Staff sign in with email and password; each role gets its console. */
export function StaffConsole() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(() => {
    const saved = sessionStorage.getItem(STORAGE);
    return saved ? (JSON.parse(saved) as Session) : null;
  });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      const { token } = await ok(api.POST('/v1/auth/login', { body: { email, password } }));
      const me = await ok(api.GET('/v1/me', { headers: bearer(token) }));
      const next = { token, role: me.role };
      // The session token lives only as long as this tab (sessionStorage), never in a cookie.
      sessionStorage.setItem(STORAGE, JSON.stringify(next));
      setPassword('');
      setSession(next);
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    }
  }

  async function signOut() {
    if (session)
      await ok(api.POST('/v1/auth/logout', { headers: bearer(session.token) })).catch(
        () => undefined,
      );
    sessionStorage.removeItem(STORAGE);
    setSession(null);
  }

  if (!session)
    return (
      <form onSubmit={(event) => void signIn(event)}>
        <TextField
          label={t('email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          label={t('password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        {problem && <p role="alert">{problem}</p>}
        <button type="submit">{t('staffSignIn')}</button>
      </form>
    );

  return (
    <section>
      <p>
        {t('signedInAs', { role: t(`role.${session.role}` as MessageKey) })}{' '}
        <button type="button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </p>
      {session.role === 'platform' ? (
        <PlatformConsole token={session.token} />
      ) : session.role === 'admin' ? (
        <AdminConsole token={session.token} />
      ) : session.role === 'reviewer' ? (
        <ReviewQueue token={session.token} />
      ) : session.role === 'counsellor' ? (
        <CounsellorCases token={session.token} />
      ) : session.role === 'analyst' ? (
        <Dashboard token={session.token} />
      ) : (
        <p>{t('roleNotYet')}</p>
      )}
    </section>
  );
}
