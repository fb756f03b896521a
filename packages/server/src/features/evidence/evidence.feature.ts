import type { EvidenceSigningKey } from '@haechi/evidence';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { EvidenceExporter } from './evidence-export.js';
import type { EvidenceService } from './evidence-service.js';
import { mountOperations } from '../../http/operation.js';
import { readEvidenceSigningKey } from './read-evidence-signing-key.route.js';
import { listEvidence } from './list-evidence.route.js';
import { readEvidence } from './read-evidence.route.js';
import { exportEvidenceBundle } from './export-evidence-bundle.route.js';

/** Evidence fixed for investigators, and the signed bundles they take away. */
export function evidenceFeature(deps: {
  service: EvidenceService;
  exporter: EvidenceExporter;
  signingKey: EvidenceSigningKey;
}): Feature {
  return defineFeature({
    name: 'evidence',
    routes: [
      mountOperations([
        readEvidenceSigningKey(deps.signingKey),
        listEvidence(deps.service),
        readEvidence(deps.service),
        exportEvidenceBundle(deps.exporter),
      ]),
    ],
  });
}
