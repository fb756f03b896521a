import { z } from '@hono/zod-openapi';
import { AppError } from '@haechi/core';
import type { ScreeningService } from './screening-service.js';
import {
  ZScreenHashesRequest,
  ZScreenMultipart,
  ZScreenQuery,
  ZScreenResult,
  optional,
} from './screen.schema.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { errorResponses } from '../../http/error-response.js';

const RAW_TYPES = ['image/*', 'video/*', 'application/octet-stream'];

const route = accessRoute(
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

export const screenUpload = (service: ScreeningService) =>
  defineOperation(route, async (c) => {
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
