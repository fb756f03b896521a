import { useEffect, useState, type FormEvent } from 'react';
import { api, ok, type Answer } from '../api.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n.js';
import { fingerprintImage, type Fingerprint } from './fingerprint-image.js';
import { faceEmbeddingOf } from './face-embedding.js';

interface Chosen {
  readonly id: number;
  readonly file: File;
  readonly preview: string;
  readonly fingerprint: Fingerprint | null;
  readonly failed: boolean;
  /** Face search: not asked, being computed, a vector, no face in it, or it could not be read. */
  readonly face: 'off' | 'computing' | 'found' | 'none' | 'failed';
  readonly embedding: number[] | null;
}

/** The most face vectors one request may enrol (the API's limit). */
const MAX_FACES = 10;

type Opened = Answer<'/v1/cases', 'post'>;

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
  const [withFace, setWithFace] = useState(false);

  // With face search on, each picture's face vector is computed here, one picture at a time.
  useEffect(() => {
    if (!withFace) return;
    const next = chosen.find((c) => c.face === 'off');
    if (!next || chosen.some((c) => c.face === 'computing')) return;
    const update = (changes: Partial<Chosen>) =>
      setChosen((list) => list.map((c) => (c.id === next.id ? { ...c, ...changes } : c)));
    update({ face: 'computing' });
    faceEmbeddingOf(next.file)
      .then((embedding) =>
        update(embedding ? { face: 'found', embedding } : { face: 'none', embedding: null }),
      )
      .catch(() => update({ face: 'failed', embedding: null }));
  }, [withFace, chosen]);

  function toggleFace(on: boolean) {
    setWithFace(on);
    if (!on) setChosen((list) => list.map((c) => ({ ...c, face: 'off', embedding: null })));
  }

  // Thumbnails are object URLs of her own files, shown here and released when no longer needed.
  useEffect(() => () => chosen.forEach((c) => URL.revokeObjectURL(c.preview)), [chosen]);

  async function choose(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      const id = nextId++;
      setChosen((list) => [
        ...list,
        {
          id,
          file,
          preview: URL.createObjectURL(file),
          fingerprint: null,
          failed: false,
          face: 'off',
          embedding: null,
        },
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
            ...(c.fingerprint.pdq
              ? [
                  {
                    signalType: 'pdq' as const,
                    signal: c.fingerprint.pdq,
                    ...(c.fingerprint.crops.length > 0 && { derived: [...c.fingerprint.crops] }),
                  },
                ]
              : []),
            { signalType: 'md5' as const, signal: c.fingerprint.md5 },
            { signalType: 'sha256' as const, signal: c.fingerprint.sha256 },
          ]
        : [],
    );
    const faceEmbeddings = withFace
      ? chosen.flatMap((c) => (c.embedding ? [c.embedding] : [])).slice(0, MAX_FACES)
      : [];
    if (passphrase !== again) return setProblem(t('passphraseMismatch'));
    if (hashes.length === 0 && links.length === 0) return setProblem(t('needSomething'));
    setSending(true);
    try {
      const answer = await ok(
        api.POST('/v1/cases', {
          body: {
            passphrase,
            hashes,
            urls: links,
            ...(faceEmbeddings.length > 0 ? { faceEmbeddings } : {}),
          },
        }),
      );
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
        {/* A victim's own request comes with her case session (a counsellor's does not). */}
        <button type="button" onClick={() => onOpened(opened.code, opened.token ?? '')}>
          {t('followCase')}
        </button>
      </section>
    );

  return (
    <form onSubmit={(event) => void submit(event)}>
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
              <span data-testid="image-state">
                {c.failed ? t('notReadable') : c.fingerprint ? t('computedHere') : t('computing')}
                {c.face !== 'off' && <> {t(`face.${c.face}`)}</>}
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
        <label>
          <input
            type="checkbox"
            checked={withFace}
            onChange={(e) => toggleFace(e.target.checked)}
          />{' '}
          {t('faceSearch')}
        </label>
        <p className="hint">{t('faceSearchHint')}</p>
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
      <button
        type="submit"
        disabled={
          sending || chosen.some((c) => (!c.fingerprint && !c.failed) || c.face === 'computing')
        }
      >
        {sending ? t('sending') : t('submit')}
      </button>
    </form>
  );
}
