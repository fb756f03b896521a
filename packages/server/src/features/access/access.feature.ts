import type { AccessStore, BankStore, ScreeningStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { mountOperations } from '../../http/operation.js';
import type { AttemptLimiter } from '../../services/limits/attempt-limiter.js';
import { chooseSubscriptionsOperation } from './choose-subscriptions.route.js';
import { issueKey } from './issue-key.route.js';
import { listKeys } from './list-keys.route.js';
import { listScreenings } from './list-screenings.route.js';
import { readOwnOrg } from './read-own-org.route.js';
import { revokeKey } from './revoke-key.route.js';
import { signIn } from './sign-in.route.js';
import { signOut } from './sign-out.route.js';
import { whoAmI } from './who-am-i.route.js';

/** Signing in and out, the caller, a platform's keys and its own organisation. */
export function accessFeature(deps: {
  access: AccessStore;
  banks: BankStore;
  screenings: ScreeningStore;
  signInLimiter: AttemptLimiter;
  trustProxy: boolean;
  now: () => Date;
}): Feature {
  const { access, now } = deps;
  return defineFeature({
    name: 'access',
    routes: [
      mountOperations([
        signIn({ access, now, limiter: deps.signInLimiter, trustProxy: deps.trustProxy }),
        whoAmI(),
        signOut(access, now),
        listKeys(access),
        issueKey(access, now),
        revokeKey(access, now),
        readOwnOrg(access),
        chooseSubscriptionsOperation({ access, banks: deps.banks, now }),
        listScreenings(deps.screenings),
      ]),
    ],
  });
}
