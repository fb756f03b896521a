import { AppError } from '@haechi/core';
import type { OutboundFetch } from '../../services/outbound/outbound-fetch.js';

export interface FetchedUrl {
  readonly status: number;
  /** The body when the answer was 200 and within the size limit. */
  readonly bytes?: Uint8Array;
}

export type UrlFetcher = (url: string) => Promise<FetchedUrl>;

/**
 * Fetches a URL for verification with limits: http(s) only, no private addresses unless allowed,
 * no redirects followed into them, a time limit and a size limit (the body is read only up to it).
 */
export function createUrlFetcher(options: {
  /** Connects only to public addresses, each redirect's too (unless the deployment allows). */
  fetch: OutboundFetch;
  timeoutMs?: number;
  maxBytes?: number;
}): UrlFetcher {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  return async (url) => {
    const response = await options.fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      headers: { 'user-agent': 'Haechi-Verifier/0.1 (+removal verification)' },
    });
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes)
        throw new AppError('media_too_large', `the content at the URL is over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return { status: 200, bytes: new Uint8Array(Buffer.concat(chunks)) };
  };
}
