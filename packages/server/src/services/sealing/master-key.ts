import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sealer } from './sealer.js';

function decodeKey(text: string, name: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

/**
 * The sealer for personal data. Keys come from configuration (`HAECHI_MASTER_KEY`, older ones in
 * `HAECHI_PREVIOUS_MASTER_KEYS`, comma-separated, so values sealed before a rotation still open).
 * Without one — the embedded quick start — a key is generated once into the data folder (mode 0600)
 * and the caller is told to warn: a production deployment sets its key from a secret store.
 */
export function loadSealer(
  dataDir: string,
  env: { current?: string | undefined; previous?: string | undefined; required?: boolean },
): { sealer: Sealer; generatedKeyFile: string | null } {
  const previous = (env.previous ?? '')
    .split(',')
    .filter((k) => k.trim() !== '')
    .map((k, i) => decodeKey(k, `previous master key ${i + 1}`));
  if (env.current)
    return {
      sealer: new Sealer(decodeKey(env.current, 'HAECHI_MASTER_KEY'), previous),
      generatedKeyFile: null,
    };
  // A key beside the database protects nothing from whoever can read the data folder.
  if (env.required)
    throw new Error(
      'HAECHI_MASTER_KEY is required in production (NODE_ENV=production): set it from a secret store, never beside the database',
    );
  const file = join(dataDir, 'master.key');
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return {
    sealer: new Sealer(decodeKey(readFileSync(file, 'utf8'), file), previous),
    generatedKeyFile: file,
  };
}
