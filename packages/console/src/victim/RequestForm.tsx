import { useEffect, useState, type FormEvent } from 'react';
import { callApi } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import { fingerprintImage, type Fingerprint } from './fingerprint-image.js';

interface Chosen {
  readonly id: number;
  readonly preview: string;
  readonly fingerprint: Fingerprint | null;
  readonly failed: boolean;
}

interface Opened {
  readonly code: string;
  readonly token: string;
  readonly unknownHosts: string[];
  readonly status: { notices: unknown[] };
}

let nextId = 1;

/** The victim's request: pictures hashed here, links, a passphrase; the answer is her case code. */
export function RequestForm({ onOpened }: { onOpened: (code: string, token: string) => void }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [urls, setUrls] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [opened, setOpened] = useState<Opened | null>(null);

  // Thumbnails are object URLs of her own files, shown here and released when no longer needed.
  useEffect(() => () => chosen.forEach((c) => URL.revokeObjectURL(c.preview)), [chosen]);

  async function choose(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      const id = nextId++;
      setChosen((list) => [
        ...list,
        { id, preview: URL.createObjectURL(file), fingerprint: null, failed: false },
      ]);
      try {
        const fingerprint = await fingerprintImage(file);
        setChosen((list) => list.map((c) => (c.id === id ? { ...c, fingerprint } : c)));
      } catch {
        setChosen((list) => list.map((c) => (c.id === id ? { ...c, failed: true } : c)));
      }
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const links = urls
      .split('\n')
      .map((u) => u.trim())
      .filter((u) => u !== '');
    const hashes = chosen.flatMap((c) =>
      c.fingerprint
        ? [
            ...(c.fingerprint.pdq ? [{ signalType: 'pdq', signal: c.fingerprint.pdq }] : []),
            { signalType: 'md5', signal: c.fingerprint.md5 },
            { signalType: 'sha256', signal: c.fingerprint.sha256 },
          ]
        : [],
    );
    if (passphrase !== again) return setProblem(t('passphraseMismatch'));
    if (hashes.length === 0 && links.length === 0) return setProblem(t('needSomething'));
    setSending(true);
    try {
      const answer = await callApi<Opened>('POST', '/v1/cases', {
        body: { passphrase, hashes, urls: links },
      });
      setOpened(answer);
    } catch (error) {
      setProblem(t('error', { message: (error as Error).message }));
    } finally {
      setSending(false);
    }
  }

  if (opened)
    return (
      <section aria-live="polite">
        <h2>{t('done')}</h2>
        <p>
          {t('yourCode')}: <strong data-testid="case-code">{opened.code}</strong>
        </p>
        <p>{t('keepCode')}</p>
        <p>{t('noticesSent', { count: opened.status.notices.length })}</p>
        {opened.unknownHosts.length > 0 && (
          <p>{t('unknownHosts', { hosts: opened.unknownHosts.join(', ') })}</p>
        )}
        <button type="button" onClick={() => onOpened(opened.code, opened.token)}>
          {t('followCase')}
        </button>
      </section>
    );

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('chooseImages')}</legend>
        <p className="hint">{t('chooseHint')}</p>
        <input
          type="file"
          accept="image/*"
          multiple
          aria-label={t('chooseImages')}
          onChange={(e) => void choose(e.target.files)}
        />
        <ul className="thumbnails">
          {chosen.map((c) => (
            <li key={c.id}>
              <img src={c.preview} alt="" width={96} height={96} />
              <span>
                {c.failed ? t('notReadable') : c.fingerprint ? t('computedHere') : t('computing')}
              </span>
              <button
                type="button"
                onClick={() => setChosen((l) => l.filter((x) => x.id !== c.id))}
              >
                {t('removeImage')}
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      <label>
        {t('urls')}
        <textarea rows={3} value={urls} onChange={(e) => setUrls(e.target.value)} />
      </label>
      <TextField
        label={t('passphrase')}
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        value={passphrase}
        onChange={setPassphrase}
      />
      <TextField
        label={t('passphraseAgain')}
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        value={again}
        onChange={setAgain}
      />
      <p className="hint">{t('passphraseHint')}</p>
      {problem && <p role="alert">{problem}</p>}
      <button type="submit" disabled={sending || chosen.some((c) => !c.fingerprint && !c.failed)}>
        {sending ? t('sending') : t('submit')}
      </button>
    </form>
  );
}
