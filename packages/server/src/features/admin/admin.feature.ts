import type { AccessStore, AuditStore, SealedValueStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { adminKeyRoutes } from './admin-master-key.routes.js';
import { adminRoutes } from './admin.routes.js';

/** The operator's administration: organisations, people, keys, jurisdictions, the master key. */
export function adminFeature(deps: {
  access: AccessStore;
  sealed: SealedValueStore;
  audit: AuditStore;
  sealer: Sealer;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'admin',
    routes: [
      adminRoutes(deps.access, deps.now),
      adminKeyRoutes({
        sealed: deps.sealed,
        audit: deps.audit,
        sealer: deps.sealer,
        now: deps.now,
      }),
    ],
  });
}
