import { defineFeature, type Feature } from '../../http/feature.js';
import type { NOTICE_JOB_KINDS, NoticeService } from './notice-service.js';
import { mountOperations } from '../../http/operation.js';
import { listNotices } from './list-notices.route.js';
import { readNotice } from './read-notice.route.js';
import { actOnNotice } from './act-on-notice.route.js';

/** A notice's life: the platform's side of it, its deadline, reminders, checks and deliveries. */
export function noticesFeature(deps: {
  service: NoticeService;
  now: () => Date;
}): Feature<(typeof NOTICE_JOB_KINDS)[number]> {
  return defineFeature({
    name: 'notices',
    routes: [
      mountOperations([
        listNotices(deps.service, deps.now),
        readNotice(deps.service, deps.now),
        actOnNotice(deps.service, deps.now),
      ]),
    ],
    jobs: deps.service.handlers(),
  });
}
