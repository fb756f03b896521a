import type { NoticeStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import type { NOTICE_JOB_KINDS, NoticeService } from './notice-service.js';
import { noticeRoutes } from './notices.routes.js';

/** A notice's life: the platform's side of it, its deadline, reminders, checks and deliveries. */
export function noticesFeature(deps: {
  service: NoticeService;
  notices: NoticeStore;
  now: () => Date;
}): Feature<(typeof NOTICE_JOB_KINDS)[number]> {
  return defineFeature({
    name: 'notices',
    routes: [noticeRoutes(deps.service, deps.notices, deps.now)],
    jobs: deps.service.handlers(),
  });
}
