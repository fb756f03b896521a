import { AppError } from '@haechi/core';
import { MONITOR_USER_AGENT } from '@haechi/monitor';
import type { OutboundFetch } from '../../services/outbound/outbound-fetch.js';

export interface PoliteResponse {
  readonly status: number;
  /** The body (200 only), read up to the size limit. */
  readonly body?: Uint8Array;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Connects only to public addresses (unless the deployment allows private ones). */
  readonly fetch: OutboundFetch;
}

const MAX_REDIRECTS = 3;

/**
 * One GET as a monitor makes it: our user agent, a conditional request when we have validators,
 * redirects followed (at most 3, each re-checked so none leads into a private network), a time
 * limit over the whole exchange (a server that hangs, or drips its body, is cut off) and a size
 * limit on the body.
 */
export async function politeFetch(
  url: string,
  limits: FetchLimits,
  validators: { etag?: string | null; lastModified?: string | null } = {},
): Promise<PoliteResponse> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await limits.fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': `${MONITOR_USER_AGENT}/0.1 (+NCII takedown monitoring)`,
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && response.status !== 304) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS)
          throw new AppError('invalid_input', `more than ${MAX_REDIRECTS} redirects`);
        current = new URL(location, current).href;
        continue;
      }
      const head = {
        status: response.status,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        url: current,
      };
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        return head;
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > limits.maxBytes) {
        await response.body.cancel();
        throw new AppError(
          'media_too_large',
          `over ${limits.maxBytes} bytes (declared ${declared})`,
        );
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > limits.maxBytes)
          throw new AppError('media_too_large', `over ${limits.maxBytes} bytes`);
        chunks.push(chunk);
      }
      return { ...head, body: Buffer.concat(chunks) };
    }
  } catch (error) {
    if (signal.aborted)
      throw new AppError('media_timeout', `no complete answer within ${limits.timeoutMs} ms`);
    throw error;
  }
}
