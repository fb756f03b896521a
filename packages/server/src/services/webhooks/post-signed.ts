import { signWebhook } from './webhook-signature.js';

const TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON body signed with the organisation's webhook secret (Haechi-Signature header).
 * Resolves to the receiver's status, or 0 when it could not be reached or took over 10 s: a slow
 * or failing receiver never holds up the workflow (callers retry through their jobs).
 */
export async function postSigned(
  url: string,
  body: string,
  secret: string,
  now: Date,
): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'haechi-signature': signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}
