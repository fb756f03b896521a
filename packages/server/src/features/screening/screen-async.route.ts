import { z } from '@hono/zod-openapi';
import { AppError } from '@haechi/core';
import { publicJob, type AsyncScreening } from './async-screening.js';
import { defineOperation } from '../../http/operation.js';
import { ZJob } from './async-screen.schema.js';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';

const route = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/screen/async',
    tags: ['screening'],
    summary:
      'Screen a long upload (a video) in the background; the result is POSTed to callbackUrl',
    description:
      'Roles: platform. Send the bytes raw (with their content type) or as multipart field `media`. The ' +
      'callback body is {"type":"screening.completed","job":{…}}, signed in the Haechi-Signature header ' +
      '(t=<unix seconds>,v1=<hex HMAC-SHA256(webhook secret, "<t>.<body>")>); it is retried 3 times, ' +
      'and the job can always be read back with GET /v1/screen/jobs/{id}.',
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        callbackUrl: z.string().max(2048),
        contentId: z.string().min(1).max(256).optional(),
        url: z.string().url().max(2048).optional(),
      }),
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({ media: z.any().openapi({ type: 'string', format: 'binary' }) }),
          },
          'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
          'video/*': { schema: z.string().openapi({ format: 'binary' }) },
          'image/*': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
    },
    responses: {
      202: { description: 'queued', content: { 'application/json': { schema: ZJob } } },
      ...errorResponses(400, 401, 403, 413),
    },
  },
);

export const screenAsync = (asyncScreening: AsyncScreening) =>
  defineOperation(route, async (c) => {
    const { orgId } = c.get('principal');
    const query = c.req.valid('query');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let bytes: Uint8Array;
    if (type === 'multipart/form-data') {
      const media: unknown = (c.req.valid('form') as { media?: unknown }).media;
      if (!(media instanceof Blob))
        throw new AppError('invalid_input', 'the multipart field "media" must be a file');
      bytes = new Uint8Array(await media.arrayBuffer());
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    const job = await asyncScreening.enqueue({
      orgId,
      bytes,
      callbackUrl: query.callbackUrl,
      ...(query.contentId === undefined ? {} : { contentId: query.contentId }),
      ...(query.url === undefined ? {} : { url: query.url }),
    });
    return c.json(publicJob(job) as z.infer<typeof ZJob>, 202);
  });
