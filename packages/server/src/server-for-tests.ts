import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { composeServer, type ComposedServer, type ServerOptions } from './compose-server.js';
import { loadConfig } from './config.js';
import { callJson, type CallResult } from './http/app-for-tests.js';

export interface ServerForTests<T> {
  readonly server: ComposedServer;
  /** What the seed returned (keys, ids). */
  readonly seeded: T;
  /** A JSON call to the app in process, with `Authorization: Bearer <token>` when given. */
  call(method: string, path: string, token: string | null, body?: unknown): Promise<CallResult>;
  /** A staff session token, through the API's own sign-in. */
  signIn(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole server composed on a new embedded store in a temporary folder, without a socket, for
 * route tests beside the features whose services need the others (cases, notices, review,
 * evidence, oversight). `seed` writes organisations and people before the server opens the store.
 * No detectors, and jobs run only when the test calls `server.runDueJobs()`.
 */
export async function serverForTests<T>(
  seed: (stores: EmbeddedStores) => Promise<T>,
  options: { env?: NodeJS.ProcessEnv; server?: ServerOptions } = {},
): Promise<ServerForTests<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'haechi-routes-'));
  const stores = openEmbeddedStores(dir);
  const seeded = await seed(stores).finally(() => stores.close());
  const server = await composeServer(
    loadConfig({
      HAECHI_DATA: dir,
      LOG_LEVEL: 'silent',
      HAECHI_MASTER_KEY: 'b'.repeat(64),
      HAECHI_DETECTORS: '',
      ...options.env,
    }),
    { manualJobs: true, detectors: [], ...options.server },
  );
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    callJson(server.app, method, path, token, body);
  return {
    server,
    seeded,
    call,
    signIn: async (email, password) => {
      const session = await call('POST', '/v1/auth/login', null, { email, password });
      if (session.status !== 200) throw new Error(`sign-in of ${email}: ${session.status}`);
      return session.body['token'] as string;
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
