import { z } from '@hono/zod-openapi';
import type { ApiKey } from '@haechi/core';

export const ZKey = z
  .object({
    id: z.number().int(),
    prefix: z.string(),
    label: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const ZNewKey = z
  .object({ key: z.string().openapi({ description: 'shown once: store it now' }), record: ZKey })
  .openapi('NewApiKey');

/** A key as its owner and the operators see it: never its secret or its hash. */
export const publicKey = (k: ApiKey) => ({
  id: k.id,
  prefix: k.prefix,
  label: k.label,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
});
