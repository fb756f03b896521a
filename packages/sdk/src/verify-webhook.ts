import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * For a platform's webhook receiver: true when `signatureHeader` (Haechi-Signature:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`) was made with the platform's
 * webhook secret over exactly this raw body, at most `toleranceSeconds` ago (replays are refused).
 * Throws when the secret is empty: nothing signed with an empty key is ever accepted.
 *
 * @example
 * if (!verifyHaechiSignature(secret, rawBody, req.headers['haechi-signature'])) return res.writeHead(401).end();
 */
export function verifyHaechiSignature(
  secret: string,
  rawBody: string,
  signatureHeader: string | undefined,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  // HMAC with an empty key is a signature anyone can compute: a receiver without its secret is
  // misconfigured, and accepting anything then would let a forged event through.
  if (typeof secret !== 'string' || secret.length === 0)
    throw new TypeError('verifyHaechiSignature needs the webhook secret; it is empty');
  if (!signatureHeader) return false;
  const fields = new Map(
    signatureHeader.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(fields.get('t'));
  const given = fields.get('v1') ?? '';
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(t) || Math.abs(now - t) > (options.toleranceSeconds ?? 300))
    return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return (
    given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  );
}
