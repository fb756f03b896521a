import { defineFeature, type Feature } from '../../http/feature.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import type { CaseService } from './case-service.js';
import { caseRoutes } from './cases.routes.js';

/** A victim's request, followed to its end: cases, her case session, notes and history. */
export function casesFeature(deps: {
  service: CaseService;
  sealer: Sealer;
  trustProxy: boolean;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'cases',
    routes: [caseRoutes(deps.service, deps.sealer, deps.now, deps.trustProxy)],
  });
}
