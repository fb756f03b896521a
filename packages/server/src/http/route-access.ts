import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError, ROLES, type Role } from '@haechi/core';
import type { AppEnv } from './app-env.js';

/**
 * Who may call a route: people and platform keys by role, `victim` for a victim's case session
 * (`hv_…`), and `anyone` for a call with no credential at all.
 */
export type Caller = Role | 'victim' | 'anyone';

/**
 * Whose records a route reaches, which its feature's service checks on every call:
 * - `none`: nothing owned by one organisation or case (sign-in, the banks' public view);
 * - `caller-org`: only the caller's own organisation's (a platform's notices, keys, screenings);
 * - `case`: one case: her session's own, or one of the counsellor's support center; any other
 *   caller is answered as if there were no such case (404), so no answer tells that it exists;
 * - `all`: across organisations, by the role's mandate (operator, regulator, police, task force).
 */
export type Tenant = 'none' | 'caller-org' | 'case' | 'all';

export interface RouteAccess {
  readonly callers: readonly Caller[];
  readonly tenant: Tenant;
}

/** The OpenAPI extension that carries a route's access, for people and for the route walk test. */
export const ACCESS_EXTENSION = 'x-haechi-access';

/** Every signed-in person or platform key, whatever the role. */
export const SIGNED_IN: readonly Caller[] = ROLES;

const rolesOf = (access: RouteAccess): Role[] =>
  access.callers.filter((c): c is Role => (ROLES as readonly string[]).includes(c));

/** The refusal a caller of another role gets, naming who may call instead. */
function refusal(access: RouteAccess): string {
  const roles = rolesOf(access);
  const victims = access.callers.includes('victim') ? ", or a victim's case session" : '';
  return `this needs the role ${roles.join(' or ')}${victims}`;
}

/**
 * Checks the caller against the route's declaration. Authentication ran before (create-app's
 * credential reader): a person or key as `principal`, a victim's case session as `victimCaseId`.
 */
function allowCallers(access: RouteAccess): MiddlewareHandler<AppEnv> {
  const roles = rolesOf(access);
  return async (c, next) => {
    if (c.var.victimCaseId !== undefined) {
      if (access.callers.includes('victim')) return next();
      throw new AppError('forbidden', refusal(access));
    }
    const principal = c.var.principal as AppEnv['Variables']['principal'] | undefined;
    if (!principal) {
      if (access.callers.includes('anyone')) return next();
      throw new AppError('unauthenticated', 'a valid API key or session token is required');
    }
    if (!roles.includes(principal.role)) throw new AppError('forbidden', refusal(access));
    await next();
  };
}

/**
 * A route with its access declared: the check runs before the route validates its input, and the
 * declaration appears in the OpenAPI document as `x-haechi-access`.
 */
// P is used once, as in Hono's createRoute: it keeps the path a literal type, which typed routes need.
export function accessRoute<
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware'> & { path: P },
>(access: RouteAccess, config: R) {
  return createRoute({
    ...config,
    middleware: [allowCallers(access)] as const,
    [ACCESS_EXTENSION]: { callers: [...access.callers], tenant: access.tenant },
  });
}

/** A declared route as create-app reads it from the OpenAPI registry. */
export interface DeclaredRoute {
  readonly method: string;
  /** In OpenAPI form: `/v1/cases/{code}`. */
  readonly path: string;
  readonly access: RouteAccess;
}

/**
 * Finds the declared access of a request's route before routing, so that the credential reader
 * knows whether a route is public or open to a case session. A static segment wins over a
 * parameter where both match.
 */
export class AccessTable {
  private readonly routes: Array<{
    method: string;
    pattern: RegExp;
    params: number;
    access: RouteAccess;
  }>;

  constructor(declared: readonly DeclaredRoute[]) {
    this.routes = declared
      .map((d) => ({
        method: d.method.toUpperCase(),
        pattern: new RegExp(
          `^${d.path
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
        params: (d.path.match(/\{/g) ?? []).length,
        access: d.access,
      }))
      .sort((a, b) => a.params - b.params);
  }

  find(method: string, path: string): RouteAccess | undefined {
    const upper = method.toUpperCase();
    return this.routes.find((r) => r.method === upper && r.pattern.test(path))?.access;
  }
}

/** The routes registered on an app with their declared access (routes without one are left out). */
export function declaredRoutes(app: OpenAPIHono<AppEnv>): DeclaredRoute[] {
  return app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== 'route') return [];
    const access = (d.route as Record<string, unknown>)[ACCESS_EXTENSION] as
      RouteAccess | undefined;
    return access ? [{ method: d.route.method, path: d.route.path, access }] : [];
  });
}
