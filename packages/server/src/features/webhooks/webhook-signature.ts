import { createHmac, randomBytes } from 'node:crypto';

/** A new signing secret for an organisation's webhooks (`whsec_` + 32 random bytes). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * `Haechi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The timestamp is
 * signed with the body, so a receiver that rejects old timestamps is safe from replays. An empty
 * secret is refused: HMAC with an empty key is a signature anyone can make.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  if (secret.length === 0)
    throw new Error('refusing to sign a webhook with an empty secret: anyone could forge it');
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
