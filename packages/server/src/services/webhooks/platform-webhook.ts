import type { AccessStore } from '@haechi/core';
import { postSigned } from './post-signed.js';

/**
 * Pushes an event to a platform's webhook, signed with its secret. Resolves false when the platform
 * has no webhook (it reads the pull API instead); throws when the receiver fails or does not answer,
 * so the durable job that called it is retried with backoff and, in the end, dead-lettered.
 */
export async function pushToPlatform(
  access: AccessStore,
  orgId: number,
  body: string,
  now: Date,
): Promise<boolean> {
  const url = await access.getWebhookUrl(orgId);
  if (url === null) return false;
  const secret = (await access.getWebhookSecret(orgId)) ?? '';
  const status = await postSigned(url, body, secret, now);
  if (status < 200 || status >= 300)
    throw new Error(
      status === 0
        ? 'the webhook receiver did not answer'
        : `the webhook receiver answered ${status}`,
    );
  return true;
}
