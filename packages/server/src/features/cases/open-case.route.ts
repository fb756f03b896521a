import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import type { Principal } from '@haechi/core';
import { clientAddress } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/error-response.js';
import type { CaseService } from './case-service.js';
import { issueVictimToken } from './victim-token.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { defineOperation } from '../../http/operation.js';
import { ZHash, ZCaseStatus } from './cases.schema.js';

const ZOpenCase = z
  .object({
    passphrase: z.string().max(256).optional().openapi({
      description:
        'the victim’s own case: at least 12 characters; not needed when a counsellor opens it',
    }),
    hashes: z
      .array(ZHash)
      .max(1000)
      .default([])
      .openapi({ description: 'hashes computed on her device, never the images' }),
    urls: z.array(z.string().max(2048)).max(200).default([]),
    faceEmbedding: z.array(z.number()).max(2048).optional(),
    faceEmbeddings: z
      .array(z.array(z.number()).max(2048))
      .max(10)
      .optional()
      .openapi({ description: 'one embedding per photo she enrolled, computed on her device' }),
    contact: z
      .record(z.string().max(64), z.string().max(500))
      .optional()
      .openapi({ description: 'how to reach her (sealed at rest)' }),
  })
  .strict()
  .openapi('OpenCaseRequest');

const route = accessRoute(
  { callers: ['anyone', 'victim', 'counsellor'], tenant: 'case' },
  {
    method: 'post',
    path: '/v1/cases',
    tags: ['cases'],
    summary: 'Open a case: her images’ hashes and the URLs where she saw them',
    description:
      'No account: a victim opens her own case with a passphrase; a counsellor (role counsellor) opens one for her. Each URL on a registered platform becomes a notice with the jurisdiction’s deadline.',
    request: {
      body: { required: true, content: { 'application/json': { schema: ZOpenCase } } },
    },
    responses: {
      201: {
        description: 'opened: keep the code',
        content: {
          'application/json': {
            schema: z.object({
              code: z.string(),
              token: z.string().optional(),
              status: ZCaseStatus,
              unknownHosts: z.array(z.string()),
            }),
          },
        },
      },
      ...errorResponses(400, 401, 403, 429),
    },
  },
);

export const openCase = (
  service: CaseService,
  sealer: Sealer,
  now: () => Date,
  trustProxy: boolean,
) =>
  defineOperation(route, async (c) => {
    const body = c.req.valid('json');
    const by = (c.var.principal as Principal | undefined) ?? 'victim';
    const opened = await service.open({
      by,
      client: clientAddress(c, trustProxy),
      ...(body.passphrase === undefined ? {} : { passphrase: body.passphrase }),
      hashes: body.hashes,
      urls: body.urls,
      ...(body.faceEmbedding ? { faceEmbedding: body.faceEmbedding } : {}),
      ...(body.faceEmbeddings ? { faceEmbeddings: body.faceEmbeddings } : {}),
      ...(body.contact ? { contact: body.contact } : {}),
    });
    const session = by === 'victim' ? issueVictimToken(sealer, opened.case.id, now()) : undefined;
    return c.json(
      {
        code: opened.case.code,
        ...(session ? { token: session.token } : {}),
        status: await service.status(opened.case),
        unknownHosts: opened.unknownHosts,
      },
      201,
    );
  });
