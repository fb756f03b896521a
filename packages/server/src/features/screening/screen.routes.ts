import { OpenAPIHono, z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { AppError } from '@haechi/core';
import type { AppEnv } from '../../http/app-env.js';
import { errorResponses, toAppError } from '../../http/error-response.js';
import type { ScreeningService } from './screening-service.js';
import {
  ZBatchRequest,
  ZBatchResult,
  ZScreenHashesRequest,
  ZScreenMultipart,
  ZScreenQuery,
  ZScreenResult,
} from './screen.schema.js';

const RAW_TYPES = ['image/*', 'video/*', 'application/octet-stream'];

const screenRoute = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/screen',
    tags: ['screening'],
    summary: 'Screen one upload before it is published',
    description:
      'Roles: platform. Send the bytes (multipart field `media`, or the raw body with its content type and ' +
      '`contentId`/`url` as query parameters) or hashes computed by the platform (JSON). The answer is a ' +
      'verdict: allow, block (confirmed match), hold (preemptive block pending review) or refer (blocked ' +
      'and sent to the regulator). The type is judged from the bytes, never from the declared type.',
    security: [{ bearer: [] }],
    request: {
      query: ZScreenQuery,
      body: {
        // Not `required`: the raw-bytes media types must reach the handler unvalidated.
        content: {
          'application/json': { schema: ZScreenHashesRequest },
          'multipart/form-data': { schema: ZScreenMultipart },
          ...Object.fromEntries(
            RAW_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }]),
          ),
        },
      },
    },
    responses: {
      200: {
        description: 'the verdict',
        content: { 'application/json': { schema: ZScreenResult } },
      },
      ...errorResponses(400, 401, 403, 413, 415, 422),
    },
  },
);

const batchRoute = accessRoute(
  { callers: ['platform'], tenant: 'caller-org' },
  {
    method: 'post',
    path: '/v1/screen/batch',
    tags: ['screening'],
    summary: 'Screen up to 100 items in one request',
    description:
      'Roles: platform. Each item gets its own result or error; one bad item does not fail the others.',
    security: [{ bearer: [] }],
    request: {
      body: { required: true, content: { 'application/json': { schema: ZBatchRequest } } },
    },
    responses: {
      200: {
        description: 'one entry per item, in order',
        content: { 'application/json': { schema: ZBatchResult } },
      },
      ...errorResponses(400, 401, 403, 413),
    },
  },
);

/** Thin routes: validate, call the screening service, answer. */
export function screenRoutes(service: ScreeningService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(screenRoute, async (c) => {
    const { orgId, actor } = c.get('principal');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type === 'application/json') {
      const body = c.req.valid('json') as z.infer<typeof ZScreenHashesRequest>;
      const result = await service.screen({ orgId, actor, hashes: body.hashes, ...optional(body) });
      return c.json(result, 200);
    }
    if (type === 'multipart/form-data') {
      const form = c.req.valid('form') as z.infer<typeof ZScreenMultipart>;
      const media: unknown = form.media;
      if (!(media instanceof Blob))
        throw new AppError('invalid_input', 'the multipart field "media" must be a file');
      const bytes = new Uint8Array(await media.arrayBuffer());
      const result = await service.screen({ orgId, actor, media: { bytes }, ...optional(form) });
      return c.json(result, 200);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const result = await service.screen({
      orgId,
      actor,
      media: { bytes },
      ...optional(c.req.valid('query')),
    });
    return c.json(result, 200);
  });

  app.openapi(batchRoute, async (c) => {
    const { orgId, actor } = c.get('principal');
    const { items } = c.req.valid('json');
    const results = [];
    for (const [index, item] of items.entries()) {
      try {
        if ((item.hashes === undefined) === (item.mediaBase64 === undefined))
          throw new AppError('invalid_input', 'give either hashes or mediaBase64');
        const media =
          item.mediaBase64 === undefined
            ? undefined
            : { bytes: new Uint8Array(Buffer.from(item.mediaBase64, 'base64')) };
        const result = await service.screen({
          orgId,
          actor,
          ...(media ? { media } : {}),
          ...(item.hashes ? { hashes: item.hashes } : {}),
          ...optional(item),
        });
        results.push({ index, result });
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'internal') throw error;
        results.push({ index, error: { code: appError.code, message: appError.message } });
      }
    }
    return c.json({ results }, 200);
  });
  return app;
}

function optional(fields: { contentId?: string | undefined; url?: string | undefined }): {
  contentId?: string;
  url?: string;
} {
  return {
    ...(fields.contentId === undefined ? {} : { contentId: fields.contentId }),
    ...(fields.url === undefined ? {} : { url: fields.url }),
  };
}
