import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The Ed25519 key an instance signs its evidence bundles with. */
export interface EvidenceSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  /** SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex: what investigators pin. */
  readonly fingerprint: string;
}

/** The fingerprint of a PEM public key; throws when it is not an Ed25519 key. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the signing key is not an Ed25519 key');
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/** A signing key from its PKCS#8 PEM text; refuses anything but Ed25519. */
export function signingKeyFromPem(privateKeyPem: string): EvidenceSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new Error('the evidence signing key is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `the evidence signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`,
    );
  const publicKeyPem = createPublicKey(privateKey)
    .export({ format: 'pem', type: 'spki' })
    .toString();
  return { privateKey, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}

/**
 * The key in `file`, or a new one written there (mode 0600) when there is none: the embedded quick
 * start. A production deployment keeps it in its secret store and points the file there.
 */
export function loadOrCreateSigningKey(file: string): {
  key: EvidenceSigningKey;
  created: boolean;
} {
  if (existsSync(file))
    return { key: signingKeyFromPem(readFileSync(file, 'utf8')), created: false };
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  return { key: signingKeyFromPem(pem), created: true };
}
