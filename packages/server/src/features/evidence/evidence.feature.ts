import type { EvidenceSigningKey } from '@haechi/evidence';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { EvidenceExporter } from './evidence-export.js';
import type { EvidenceService } from './evidence-service.js';
import { evidenceRoutes } from './evidence.routes.js';

/** Evidence fixed for investigators, and the signed bundles they take away. */
export function evidenceFeature(deps: {
  service: EvidenceService;
  exporter: EvidenceExporter;
  signingKey: EvidenceSigningKey;
}): Feature {
  return defineFeature({
    name: 'evidence',
    routes: [evidenceRoutes(deps.service, deps.exporter, deps.signingKey)],
  });
}
