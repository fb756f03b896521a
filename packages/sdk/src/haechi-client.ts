import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type ScreenResult = components['schemas']['ScreenResult'];
export type SubmittedHashes = components['schemas']['SubmittedHashes'];
export type ScreenBatchRequest = components['schemas']['ScreenBatchRequest'];
export type ScreenBatchResult = components['schemas']['ScreenBatchResult'];
export type DeltaPage = components['schemas']['DeltaPage'];
export type ApiKey = components['schemas']['ApiKey'];
export type ErrorBody = components['schemas']['Error'];
export type StoredScreening =
  paths['/v1/screenings/{id}']['get']['responses'][200]['content']['application/json'];

/** A refusal from the API: `code` is stable (branch on it), `message` is for people. */
export class HaechiApiError extends Error {
  override readonly name = 'HaechiApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface HaechiClientOptions {
  /** The server, e.g. https://haechi.example.kr */
  readonly baseUrl: string;
  /** A platform API key (hk_…) or a session token (hs_…). */
  readonly token: string;
  readonly fetch?: typeof fetch;
}

async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  throw toApiError(response.status, error);
}

function toApiError(status: number, error: unknown): HaechiApiError {
  const body = (error as Partial<ErrorBody> | undefined)?.error;
  return new HaechiApiError(
    status,
    body?.code ?? 'http_error',
    body?.message ?? `HTTP ${status}`,
    body?.details,
  );
}

/**
 * A typed client for Haechi's API. Its types are generated from the server's OpenAPI document
 * (packages/sdk/openapi.json, checked against the server by the test suite).
 *
 * @example
 * const haechi = new HaechiClient({ baseUrl: 'https://haechi.example.kr', token: process.env.HAECHI_KEY });
 * const { verdict } = await haechi.screenBytes(upload, { contentId: 'post-8841' });
 * if (verdict !== 'allow') rejectUpload();
 */
export class HaechiClient {
  private readonly api: Client<paths>;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HaechiClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.api = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      headers: { authorization: `Bearer ${options.token}` },
      fetch: this.fetchImpl,
    });
  }

  /**
   * Screens an upload's bytes (image or video; the server judges the type from the bytes).
   * `detectors: 'async'` answers from the hashes at once; the AI detectors run after it and a
   * verdict they tighten arrives by webhook (`screening.updated`) and in `getScreening`.
   */
  async screenBytes(
    bytes: Uint8Array,
    options: {
      contentType?: string;
      contentId?: string;
      url?: string;
      detectors?: 'sync' | 'async';
    } = {},
  ): Promise<ScreenResult> {
    const query = new URLSearchParams();
    if (options.contentId !== undefined) query.set('contentId', options.contentId);
    if (options.url !== undefined) query.set('url', options.url);
    if (options.detectors !== undefined) query.set('detectors', options.detectors);
    const response = await this.fetchImpl(
      `${this.options.baseUrl.replace(/\/$/, '')}/v1/screen${query.size > 0 ? `?${query}` : ''}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': options.contentType ?? 'application/octet-stream',
        },
        body: new Blob([new Uint8Array(bytes)]),
      },
    );
    const body = await response.json();
    if (!response.ok) throw toApiError(response.status, body);
    return body as ScreenResult;
  }

  /** Screens hashes the platform computed itself: no bytes leave the platform. */
  screenHashes(input: {
    hashes: SubmittedHashes;
    contentId?: string;
    url?: string;
  }): Promise<ScreenResult> {
    return unwrap(this.api.POST('/v1/screen', { body: input }));
  }

  /**
   * A stored verdict (every verdict but allow, and every upload screened with
   * `detectors: 'async'`): `detecting` while its detectors run; then its verdict, which they may
   * have tightened, with their scores and the review's outcome.
   */
  getScreening(id: string): Promise<StoredScreening> {
    return unwrap(this.api.GET('/v1/screenings/{id}', { params: { path: { id } } }));
  }

  screenBatch(items: ScreenBatchRequest['items']): Promise<ScreenBatchResult> {
    return unwrap(this.api.POST('/v1/screen/batch', { body: { items } }));
  }

  /** One page of the banks' delta feed after `since`. */
  bankFeed(query: { since?: number; limit?: number; bank?: string } = {}): Promise<DeltaPage> {
    return unwrap(this.api.GET('/v1/banks/feed', { params: { query } }));
  }

  async listKeys(): Promise<ApiKey[]> {
    return (await unwrap(this.api.GET('/v1/keys'))).keys;
  }

  createKey(label: string): Promise<{ key: string; record: ApiKey }> {
    return unwrap(this.api.POST('/v1/keys', { body: { label } }));
  }

  revokeKey(id: number): Promise<ApiKey> {
    return unwrap(this.api.DELETE('/v1/keys/{id}', { params: { path: { id } } }));
  }
}
