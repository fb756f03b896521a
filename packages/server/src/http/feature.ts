import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerJobHandlers, ServerJobKind } from '../services/jobs/job-kinds.js';
import type { AppEnv } from './app-env.js';

/**
 * A capability of the server as the app and the server run it: the routes create-app mounts (each
 * declares its callers), the handlers of the job kinds it schedules, and what it starts and stops
 * with the server. Each feature folder exports the function that makes its own.
 */
export interface Feature<K extends ServerJobKind = never> {
  readonly name: string;
  readonly routes: readonly OpenAPIHono<AppEnv>[];
  readonly jobs: Pick<ServerJobHandlers, K>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Any feature, whatever its job kinds, as create-app iterates them. */
export type AnyFeature = Omit<Feature<ServerJobKind>, 'jobs'> & {
  readonly jobs: Partial<ServerJobHandlers>;
};

const nothing = async (): Promise<void> => {};

/** A feature with no jobs or nothing to start or stop says so by leaving them out. */
export function defineFeature<K extends ServerJobKind = never>(feature: {
  name: string;
  routes: readonly OpenAPIHono<AppEnv>[];
  jobs?: Pick<ServerJobHandlers, K>;
  start?: () => Promise<void>;
  stop?: () => Promise<void>;
}): Feature<K> {
  return {
    name: feature.name,
    routes: feature.routes,
    jobs: feature.jobs ?? ({} as Pick<ServerJobHandlers, K>),
    start: feature.start ?? nothing,
    stop: feature.stop ?? nothing,
  };
}
