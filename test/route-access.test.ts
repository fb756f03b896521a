// Every route of the OpenAPI document, called as every kind of caller: what each route declares
// (`x-haechi-access`) is what the server does. Inputs name nothing real, so a caller let through
// meets the route's own checks (invalid input, not found) and nothing is changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLERS,
  startRouteWalker,
  type Caller,
  type Outcome,
  type RouteWalker,
  type WalkedRoute,
} from './support/route-walk.js';

const TENANTS = ['none', 'caller-org', 'case', 'all'];

/** What the declaration promises to a caller. */
function expected(callers: readonly Caller[], caller: Caller): Outcome {
  // A public route ignores credentials (a stale token does not stop a sign-in).
  if (callers.includes(caller) || callers.every((c) => c === 'anyone')) return 'through';
  return caller === 'anyone' ? 'unauthenticated' : 'forbidden';
}

describe('route access, every route × every caller', () => {
  let walker: RouteWalker;
  let walked: WalkedRoute[] = [];
  beforeAll(async () => {
    walker = await startRouteWalker();
    walked = await walker.walk();
  });
  afterAll(async () => walker?.close());

  it('every route declares its callers and tenant rule', () => {
    expect(walked.length).toBeGreaterThan(60);
    const undeclared = walked.filter((r) => {
      const d = r.declared as { callers?: unknown; tenant?: unknown } | undefined;
      return (
        !Array.isArray(d?.callers) ||
        d.callers.length === 0 ||
        !d.callers.every((c) => (CALLERS as readonly unknown[]).includes(c)) ||
        !TENANTS.includes(String(d.tenant))
      );
    });
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('each caller is let through or refused exactly as the route declares', () => {
    const differences = walked.flatMap((route) => {
      const { callers } = route.declared as { callers: Caller[] };
      return CALLERS.filter((caller) => route.outcomes[caller] !== expected(callers, caller)).map(
        (caller) =>
          `${route.method} ${route.path} as ${caller}: expected ${expected(callers, caller)}, answered ${route.answers[caller]}`,
      );
    });
    expect(differences).toEqual([]);
  });

  it('a refused role is told which roles may call', () => {
    const banks = walked.find((r) => r.method === 'GET' && r.path === '/v1/banks');
    expect(banks?.answers.counsellor).toBe(
      '403 forbidden this needs the role platform or admin or reviewer',
    );
    const opening = walked.find((r) => r.method === 'POST' && r.path === '/v1/cases');
    expect(opening?.answers.admin).toBe(
      "403 forbidden this needs the role counsellor, or a victim's case session",
    );
    const notes = walked.find((r) => r.method === 'GET' && r.path === '/v1/cases/{code}/notes');
    expect([notes?.answers.anyone, notes?.answers.victim]).toEqual([
      '401 unauthenticated a valid API key or session token is required',
      '403 forbidden this needs the role counsellor',
    ]);
    // Another's case and no case read alike, whoever asks.
    const status = walked.find((r) => r.method === 'GET' && r.path === '/v1/cases/{code}');
    expect(status?.answers.platform).toBe('404 case_not_found no such case');
  });
});
