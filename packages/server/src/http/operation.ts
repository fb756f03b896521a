import {
  defineOpenAPIRoute,
  OpenAPIHono,
  type OpenAPIRoute,
  type RouteConfig,
} from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';

/**
 * One API operation, defined in one file: its route (method, path, callers, request and answer
 * schemas) and its handler, typed by the route. Its file exports a function taking only what the
 * handler needs (its feature's service, a store) and returning the operation.
 */
export function defineOperation<R extends RouteConfig>(
  route: R,
  handler: OpenAPIRoute<R, AppEnv>['handler'],
): OpenAPIRoute<R, AppEnv> {
  return defineOpenAPIRoute<R, AppEnv>({ route, handler });
}

/** A feature's operations on one app, in the order the OpenAPI document lists them. */
export function mountOperations(
  operations: readonly { readonly route: RouteConfig; readonly handler: unknown }[],
): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>().openapiRoutes(operations);
}
