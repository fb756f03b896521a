import { z } from '@hono/zod-openapi';
import { accessRoute } from '../../http/route-access.js';
import { publicBankName, type BankStore, type BankSummary } from '@haechi/core';
import { errorResponses } from '../../http/error-response.js';
import { defineOperation } from '../../http/operation.js';

const ZBank = z
  .object({
    name: z.string(),
    description: z.string(),
    activeEntries: z.number().int(),
    withdrawnEntries: z.number().int(),
  })
  .openapi('BankSummary');

/**
 * The banks as the API shows them: every case's own bank folded into one `victim-reported` line, so
 * no list, count or name tells one victim's case from another.
 */
function publicBanks(all: readonly BankSummary[]): Array<z.infer<typeof ZBank>> {
  const byName = new Map<string, z.infer<typeof ZBank>>();
  for (const b of all) {
    const name = publicBankName(b.name);
    const known = byName.get(name);
    byName.set(name, {
      name,
      description: name === b.name ? b.description : 'hashes victims reported (one bank per case)',
      activeEntries: (known?.activeEntries ?? 0) + b.activeEntries,
      withdrawnEntries: (known?.withdrawnEntries ?? 0) + b.withdrawnEntries,
    });
  }
  return [...byName.values()];
}

const route = accessRoute(
  { callers: ['platform', 'admin', 'reviewer'], tenant: 'none' },
  {
    method: 'get',
    path: '/v1/banks',
    tags: ['banks'],
    summary: 'Banks with their entry counts',
    description: 'Roles: platform, admin, reviewer.',
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: 'banks',
        content: { 'application/json': { schema: z.object({ banks: z.array(ZBank) }) } },
      },
      ...errorResponses(401, 403),
    },
  },
);

export const listBanks = (banks: BankStore) =>
  defineOperation(route, async (c) => c.json({ banks: publicBanks(await banks.listBanks()) }, 200));
