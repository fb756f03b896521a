import { useEffect, useState } from 'react';
import { useI18n } from './i18n.js';
import { CaseStatus } from './victim/CaseStatus.js';
import { RequestForm } from './victim/RequestForm.js';
import { StaffConsole } from './staff/StaffConsole.js';

type Page = 'home' | 'request' | 'case' | 'staff';
const pageOf = (hash: string): Page =>
  hash === '#/request'
    ? 'request'
    : hash === '#/case'
      ? 'case'
      : hash === '#/staff'
        ? 'staff'
        : 'home';

/** The victim portal (ask for removal, follow a request) and the staff consoles. */
export function App() {
  const { t, language, setLanguage } = useI18n();
  const [page, setPage] = useState<Page>(pageOf(location.hash));
  const [session, setSession] = useState<{ code: string; token: string } | null>(null);
  useEffect(() => {
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (to: Page) => {
    location.hash = to === 'home' ? '#/' : `#/${to}`;
  };
  return (
    <>
      <header>
        <a href="#/" className="brand">
          {t('appName')}
        </a>
        <label className="language">
          {t('language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value as 'ko' | 'en')}>
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      {page !== 'staff' && (
        <p className="support" role="note">
          {t('support')}
        </p>
      )}
      <main>
        {page === 'home' && (
          <section>
            <h1>{t('homeTitle')}</h1>
            <p>{t('homeIntro')}</p>
            <div className="choices">
              <button type="button" onClick={() => go('request')}>
                {t('startRequest')}
              </button>
              <button type="button" onClick={() => go('case')}>
                {t('followCase')}
              </button>
            </div>
          </section>
        )}
        {page === 'request' && (
          <section>
            <h1>{t('startRequest')}</h1>
            <RequestForm
              onOpened={(code, token) => {
                setSession({ code, token });
                go('case');
              }}
            />
          </section>
        )}
        {page === 'staff' && (
          <section>
            <h1>{t('staff')}</h1>
            <StaffConsole />
          </section>
        )}
        {page === 'case' && (
          <section>
            <h1>{t('followCase')}</h1>
            <CaseStatus initial={session} />
          </section>
        )}
      </main>
      <footer>
        <a href="#/staff">{t('staff')}</a>
      </footer>
    </>
  );
}
