import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { MESSAGES, type Language, type MessageKey } from './messages.js';

interface I18n {
  readonly language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  /** A date and time in the reader's language. */
  dateTime(iso: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const saved = localStorage.getItem('haechi.language');
  if (saved === 'ko' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem('haechi.language', language);
  }, [language]);
  const value: I18n = {
    language,
    setLanguage,
    t: (key, values = {}) =>
      MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, name: string) =>
        String(values[name] ?? `{${name}}`),
      ),
    dateTime: (iso) =>
      new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(iso)),
  };
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
