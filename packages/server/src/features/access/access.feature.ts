import type { AccessStore, BankStore, ScreeningStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { loginRoutes, sessionRoutes } from './auth.routes.js';
import { keyRoutes } from './keys.routes.js';
import { orgRoutes } from './org.routes.js';

/** Signing in and out, the caller, a platform's keys and its own organisation. */
export function accessFeature(deps: {
  access: AccessStore;
  banks: BankStore;
  screenings: ScreeningStore;
  signInLimiter: AttemptLimiter;
  trustProxy: boolean;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'access',
    routes: [
      loginRoutes(deps.access, deps.now, deps.signInLimiter, deps.trustProxy),
      sessionRoutes(deps.access, deps.now),
      keyRoutes(deps.access, deps.now),
      orgRoutes(deps.access, deps.banks, deps.screenings, deps.now),
    ],
  });
}
