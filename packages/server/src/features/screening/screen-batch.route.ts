import { AppError } from '@haechi/core';
import { toAppError, errorResponses } from '../../http/error-response.js';
import type { ScreeningService } from './screening-service.js';
import { defineOperation } from '../../http/operation.js';
import { accessRoute } from '../../http/route-access.js';
import { ZBatchRequest, ZBatchResult, optional } from './screen.schema.js';

const route = accessRoute(
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

export const screenBatch = (service: ScreeningService) =>
  defineOperation(route, async (c) => {
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
