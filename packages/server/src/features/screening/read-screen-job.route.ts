import { z } from '@hono/zod-openapi';
import { AppError, type ScreenJobStore } from '@haechi/core';
import { publicJob } from './async-screening.js';
import { defineOperation } from '../../http/operation.js';
import { ZJob } from './async-screen.schema.js';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'get',
    path: '/v1/screen/jobs/{id}',
    tags: ['screening'],
    summary: 'An asynchronous screening: its status and, once done, its result',
    description: "Roles: platform (its own jobs only; another platform's do not exist for it).",
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string().max(64) }) },
    responses: {
      200: { description: 'the job', content: { 'application/json': { schema: ZJob } } },
      ...errorResponses(401, 403, 404),
    },
  },
);

export const readScreenJob = (jobs: ScreenJobStore) =>
  defineOperation(route, async (c) => {
    const job = await jobs.getJob(c.req.valid('param').id);
    if (!job || job.orgId !== c.get('principal').orgId)
      throw new AppError('not_found', 'no such job');
    return c.json(publicJob(job) as z.infer<typeof ZJob>, 200);
  });
