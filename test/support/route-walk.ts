// Calls every route of a running server's OpenAPI document as every kind of caller, with inputs
// that name nothing real, and sorts each answer into what the access rules decided: refused for
// want of a credential (401), refused for the caller's role (403 forbidden), or let through to the
// route's own checks (anything else: invalid input, not found, done).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey } from '@haechi/access';
import { ROLES, type OrgKind, type Role } from '@haechi/core';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { callJson, type JsonAnswer } from './json-api.js';

/** Who calls: no credential, a victim's case session (hv_…), or a person or key of each role. */
export type Caller = 'anyone' | 'victim' | Role;
export const CALLERS: readonly Caller[] = ['anyone', 'victim', ...ROLES];

export type Outcome = 'unauthenticated' | 'forbidden' | 'through';

export interface WalkedRoute {
  readonly method: string;
  readonly path: string;
  /** The route's declared access (`x-haechi-access`), when the document has one. */
  readonly declared: unknown;
  readonly outcomes: Readonly<Record<Caller, Outcome>>;
  /** What each caller was answered, to explain a failure. */
  readonly answers: Readonly<Record<Caller, string>>;
}

const KIND_OF_ROLE: Readonly<Record<Role, OrgKind>> = {
  admin: 'operator',
  platform: 'platform',
  counsellor: 'support_center',
  reviewer: 'regulator',
  investigator: 'police',
  analyst: 'government',
};
const AT = '2026-12-04T09:00:00.000Z';
const PASSWORD = 'a walking passphrase';

export interface RouteWalker {
  readonly server: RunningServer;
  walk(): Promise<WalkedRoute[]>;
  close(): Promise<void>;
}

/** Like callJson, for routes that may answer CSV, media or nothing: the body is read if JSON. */
async function callAnyRoute(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<JsonAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: JsonAnswer['body'] = {};
  try {
    parsed = JSON.parse(text) as JsonAnswer['body'];
  } catch {
    // not JSON: a CSV report, media, or an empty answer
  }
  return { status: response.status, body: parsed ?? {} };
}

/** A server on a new embedded store with one person (or key) per role and one victim's case. */
export async function startRouteWalker(): Promise<RouteWalker> {
  const dir = await mkdtemp(join(tmpdir(), 'haechi-routes-'));
  const stores = openEmbeddedStores(dir);
  const tokens: Partial<Record<Caller, string>> = {};
  for (const role of ROLES) {
    const org = await createOrg(stores.access, {
      name: `org-${role}`,
      kind: KIND_OF_ROLE[role],
      jurisdiction: 'KR',
      at: AT,
    });
    if (role === 'platform') {
      const issued = await issueApiKey(stores.access, {
        orgId: org.id,
        label: 'walk',
        createdBy: 'walk',
        at: AT,
      });
      tokens.platform = issued.key;
    } else {
      await createUser(stores.access, {
        org: org.name,
        email: `${role}@walk.example.kr`,
        displayName: role,
        role,
        password: PASSWORD,
        at: AT,
      });
    }
  }
  await stores.close();
  const server = await startServer(
    loadConfig({
      HAECHI_DATA: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HAECHI_MASTER_KEY: 'c'.repeat(64),
      HAECHI_RATE_LIMIT_PER_MINUTE: '100000',
      HAECHI_PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    }),
    { manualJobs: true },
  );
  const api = (method: string, path: string, token?: string, body?: unknown) =>
    callJson(server.url, method, path, token, body);
  const signIn = async (role: Role) => {
    const answer = await api('POST', '/v1/auth/login', undefined, {
      email: `${role}@walk.example.kr`,
      password: PASSWORD,
    });
    if (answer.status !== 200) throw new Error(`${role} could not sign in: ${answer.status}`);
    return answer.body['token'] as string;
  };
  for (const role of ROLES) if (role !== 'platform') tokens[role] = await signIn(role);
  const opened = await api('POST', '/v1/cases', undefined, {
    passphrase: 'her own long passphrase',
    urls: ['https://unregistered.example.org/a'],
  });
  if (opened.status !== 201) throw new Error(`no case opened: ${JSON.stringify(opened.body)}`);
  const session = await api('POST', '/v1/case-sessions', undefined, {
    code: opened.body['code'],
    passphrase: 'her own long passphrase',
  });
  if (session.status !== 200 && session.status !== 201)
    throw new Error(`no case session: ${JSON.stringify(session.body)}`);
  tokens.victim = session.body['token'] as string;

  const walk = async (): Promise<WalkedRoute[]> => {
    const document = (await api('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        declared: operation['x-haechi-access'],
      })),
    );
    // Signing out ends the session the walk goes on with: it goes last.
    routes.sort(
      (a, b) => Number(a.path === '/v1/auth/logout') - Number(b.path === '/v1/auth/logout'),
    );
    const walked: WalkedRoute[] = [];
    for (const route of routes) {
      // Path parameters that name nothing: every route checks its own before acting.
      const concrete = route.path.replace(/\{[^}]+\}/g, (param) =>
        param === '{code}' ? 'HC-NONE-0000' : param === '{name}' ? 'no-such-thing' : '999999',
      );
      const body = route.method === 'GET' ? undefined : {};
      const outcomes = {} as Record<Caller, Outcome>;
      const answers = {} as Record<Caller, string>;
      for (const caller of CALLERS) {
        const answer = await callAnyRoute(server.url, route.method, concrete, tokens[caller], body);
        const code = String(answer.body['error']?.code ?? '');
        outcomes[caller] =
          answer.status === 401
            ? 'unauthenticated'
            : answer.status === 403 && code === 'forbidden'
              ? 'forbidden'
              : 'through';
        answers[caller] = `${answer.status} ${code} ${String(answer.body['error']?.message ?? '')}`;
      }
      walked.push({ ...route, outcomes, answers });
    }
    return walked;
  };
  return {
    server,
    walk,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
