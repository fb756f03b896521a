import { AppError, type AccessStore } from '@haechi/core';
import type { OutboundFetch } from '../../services/outbound/outbound-fetch.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { newWebhookSecret, signWebhook } from './webhook-signature.js';

const TIMEOUT_MS = 10_000;

export interface WebhookSenderDeps {
  readonly access: AccessStore;
  readonly sealer: Sealer;
  /** Connects only to public addresses (checked on every request, redirects included). */
  readonly fetch: OutboundFetch;
  readonly now: () => Date;
}

/**
 * Everything Haechi sends to a platform's own server: notice events, review outcomes, the callbacks
 * of asynchronous screenings, and test events. Each is signed with the platform's secret, which is
 * stored sealed under the master key and never empty; each request goes only to a public address.
 */
export class WebhookSender {
  constructor(private readonly deps: WebhookSenderDeps) {}

  /** Creates or rotates the platform's signing secret (audited); returns it, to be shown once. */
  async rotateSecret(orgId: number, actor: string): Promise<string> {
    const secret = newWebhookSecret();
    await this.deps.access.setWebhookSecret(
      orgId,
      this.deps.sealer.seal(secret),
      this.deps.now().toISOString(),
      actor,
    );
    return secret;
  }

  /** The platform's signing secret in clear, or null when it has none. */
  async secretOf(orgId: number): Promise<string | null> {
    const stored = await this.deps.access.getWebhookSecret(orgId);
    if (stored === null || stored === '') return null;
    // Secrets kept before they were sealed read as they are until the next re-seal seals them.
    return this.deps.sealer.keyIdOf(stored) === null ? stored : this.deps.sealer.open(stored);
  }

  /**
   * Pushes an event to the platform's webhook. False when it has no webhook (it reads the pull API
   * instead); throws when it has no secret or the receiver fails, so the durable job that called
   * it is retried with backoff and, in the end, dead-lettered.
   */
  async push(orgId: number, body: string): Promise<boolean> {
    const url = await this.deps.access.getWebhookUrl(orgId);
    if (url === null) return false;
    const secret = await this.secretOf(orgId);
    if (secret === null)
      throw new Error('the platform has a webhook URL but no signing secret: nothing is sent');
    const status = await this.post(url, body, secret);
    if (status < 200 || status >= 300)
      throw new Error(
        status === 0
          ? 'the webhook receiver did not answer'
          : `the webhook receiver answered ${status}`,
      );
    return true;
  }

  /**
   * POSTs a signed body. Resolves to the receiver's status, or 0 when it could not be reached,
   * was refused (not a public address) or took over 10 s: a slow or failing receiver never holds
   * up the workflow (callers retry through their jobs).
   */
  async post(url: string, body: string, secret: string): Promise<number> {
    try {
      const response = await this.deps.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'haechi-signature': signWebhook(
            secret,
            body,
            Math.floor(this.deps.now().getTime() / 1000),
          ),
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

  /**
   * Sends a signed `webhook.test` event. Says only whether the receiver took it (a 2xx): the
   * receiver's status code is not echoed, so the route cannot be used to scan ports or services.
   */
  async test(orgId: number): Promise<{ delivered: boolean }> {
    const url = await this.deps.access.getWebhookUrl(orgId);
    if (url === null)
      throw new AppError('invalid_input', 'set a webhook URL first (PUT /v1/webhook)');
    const secret = await this.secretOf(orgId);
    if (secret === null)
      throw new AppError(
        'invalid_input',
        'create a signing secret first (POST /v1/webhook-secret)',
      );
    const status = await this.post(
      url,
      JSON.stringify({ type: 'webhook.test', at: this.deps.now().toISOString() }),
      secret,
    );
    return { delivered: status >= 200 && status < 300 };
  }
}
