import type { AccessStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { WebhookSender } from './webhook-sender.js';
import { mountOperations } from '../../http/operation.js';
import { readWebhook } from './read-webhook.route.js';
import { setWebhook } from './set-webhook.route.js';
import { testWebhook } from './test-webhook.route.js';
import { rotateWebhookSecret } from './rotate-webhook-secret.route.js';

/** A platform's webhook: where its events go, a signed test, and its signing secret. */
export function webhooksFeature(deps: {
  access: AccessStore;
  sender: WebhookSender;
  allowPrivateCallbacks: boolean;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'webhooks',
    routes: [
      mountOperations([
        readWebhook(deps.access, deps.sender),
        setWebhook(deps.access, deps.sender, deps.now, deps.allowPrivateCallbacks),
        testWebhook(deps.sender),
        rotateWebhookSecret(deps.sender),
      ]),
    ],
  });
}
