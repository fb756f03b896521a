import type { AccessStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { WebhookSender } from './webhook-sender.js';
import { webhookSecretRoutes } from './webhook-secret.routes.js';

/** A platform's webhook: where its events go, a signed test, and its signing secret. */
export function webhooksFeature(deps: {
  access: AccessStore;
  sender: WebhookSender;
  allowPrivateCallbacks: boolean;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'webhooks',
    routes: [webhookSecretRoutes(deps.access, deps.sender, deps.now, deps.allowPrivateCallbacks)],
  });
}
