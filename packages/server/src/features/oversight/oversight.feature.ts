import { defineFeature, type Feature } from '../../http/feature.js';
import type { OversightService } from './oversight-service.js';
import { mountOperations } from '../../http/operation.js';
import { readMetrics } from './read-metrics.route.js';
import { transparencyReport } from './transparency-report.route.js';

/** The task force's figures and the transparency report: aggregates only. */
export function oversightFeature(service: OversightService): Feature {
  return defineFeature({
    name: 'oversight',
    routes: [mountOperations([readMetrics(service), transparencyReport(service)])],
  });
}
