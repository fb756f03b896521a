import { defineFeature, type Feature } from '../../http/feature.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import type { CaseService } from './case-service.js';
import { mountOperations } from '../../http/operation.js';
import { openCase } from './open-case.route.js';
import { openCaseSession } from './open-case-session.route.js';
import { listCases } from './list-cases.route.js';
import { readCase } from './read-case.route.js';
import { addCaseUrls } from './add-case-urls.route.js';
import { withdrawCase } from './withdraw-case.route.js';
import { readCaseTimeline } from './read-case-timeline.route.js';
import { listCaseNotes } from './list-case-notes.route.js';
import { addCaseNote } from './add-case-note.route.js';
import { confirmCase } from './confirm-case.route.js';
import { listUnassignedUrls } from './list-unassigned-urls.route.js';
import { noticeUnassignedUrls } from './notice-unassigned-urls.route.js';

/** A victim's request, followed to its end: cases, her case session, notes and history. */
export function casesFeature(deps: {
  service: CaseService;
  sealer: Sealer;
  trustProxy: boolean;
  now: () => Date;
}): Feature {
  return defineFeature({
    name: 'cases',
    routes: [
      mountOperations([
        openCase(deps.service, deps.sealer, deps.now, deps.trustProxy),
        openCaseSession(deps.service, deps.sealer, deps.now, deps.trustProxy),
        listCases(deps.service),
        readCase(deps.service),
        addCaseUrls(deps.service),
        withdrawCase(deps.service),
        readCaseTimeline(deps.service),
        listCaseNotes(deps.service),
        addCaseNote(deps.service),
        confirmCase(deps.service),
        listUnassignedUrls(deps.service),
        noticeUnassignedUrls(deps.service),
      ]),
    ],
  });
}
