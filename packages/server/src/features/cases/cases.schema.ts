import { z } from '@hono/zod-openapi';
import { AppError, type Principal } from '@haechi/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/app-env.js';
import { HEX_SIGNAL_TYPES, MAX_DERIVED } from '@haechi/exchange';

export const ZHash = z
  .object({
    signalType: z.enum(HEX_SIGNAL_TYPES),
    signal: z.string().max(64),
    derived: z
      .array(z.object({ crop: z.string().max(32), signal: z.string().max(64) }).strict())
      .max(MAX_DERIVED)
      .optional()
      .openapi({
        description:
          'for a PDQ: the PDQ hashes of the picture’s crops (centre-90, centre-80, left-90, right-90, top-90, bottom-90), computed where the picture is, enrolled as part of this entry',
      }),
  })
  .strict();

export const ZNotice = z
  .object({
    id: z.number().int(),
    url: z.string(),
    state: z.string(),
    sentAt: z.string(),
    deadlineAt: z.string(),
    removedAt: z.string().nullable(),
    closedBecause: z
      .enum(['rejected_by_regulator', 'request_withdrawn', 'withdrawn'])
      .nullable()
      .openapi({ description: 'why a withdrawn notice ended; null while it runs or once removed' }),
  })
  .openapi('CaseNotice');

export const ZCaseStatus = z
  .object({
    code: z.string(),
    status: z.enum(['open', 'withdrawn']),
    openedAt: z.string(),
    hashes: z.number().int(),
    urls: z.array(z.object({ url: z.string(), addedAt: z.string() })),
    notices: z.array(ZNotice),
  })
  .openapi('CaseStatus');

/** The viewer of a case route: a victim signed in to her case, or staff. */
export function viewerOf(c: Context<AppEnv>): { caseId: number } | Principal {
  const caseId = c.var.victimCaseId;
  if (caseId !== undefined) return { caseId };
  const principal = c.var.principal as Principal | undefined;
  if (!principal)
    throw new AppError('unauthenticated', 'a case session or a staff login is required');
  return principal;
}

export const actorOf = (viewer: { caseId: number } | Principal): string =>
  'caseId' in viewer ? 'victim' : viewer.actor;

export const ZNote = z
  .object({ id: z.number().int(), text: z.string(), createdAt: z.string(), mine: z.boolean() })
  .openapi('CaseNote');
