import { defineFeature, type Feature } from '../../http/feature.js';
import type { OversightService } from './oversight-service.js';
import { oversightRoutes } from './oversight.routes.js';

/** The task force's figures and the transparency report: aggregates only. */
export function oversightFeature(service: OversightService): Feature {
  return defineFeature({ name: 'oversight', routes: [oversightRoutes(service)] });
}
