import createClient from 'openapi-fetch';
import type { components, paths } from '@haechi/sdk/openapi-types';

/** A schema of the API by its name in the OpenAPI document (generated: `npm run openapi`). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a route answers on success (200 or 201), for an answer kept in state. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]>
  : never;

/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** A refusal from the API, with its stable code and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Haechi API on this origin (the console uses nothing else), typed by the OpenAPI document the
 * server publishes: a path, its parameters, its body and its answer are checked by the compiler.
 */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

/** The Authorization header of a session or case session, when there is one. */
export const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/** The answer's body; a refusal becomes an ApiError with the server's code and message. */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error ?? {}) as { error?: { code?: string; message?: string } };
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return data as T;
}
