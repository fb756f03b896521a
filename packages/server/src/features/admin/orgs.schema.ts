import { z } from '@hono/zod-openapi';
import { JURISDICTIONS, ORG_KINDS, type AccessStore, type Org } from '@haechi/core';

export const ZOrg = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ORG_KINDS),
    jurisdiction: z.enum(JURISDICTIONS),
    subscriptions: z.array(z.string()),
    policy: z.unknown(),
    domains: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('AdminOrg');

export const ZDomains = z.array(z.string().min(1).max(253)).max(100);

/** Each platform's domains, by organisation id. */
export async function domainsOf(access: AccessStore): Promise<Map<number, string[]>> {
  const byOrg = new Map<number, string[]>();
  for (const { domain, orgId } of await access.listPlatformDomains())
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), domain]);
  return byOrg;
}

/** An organisation as the operator sees it. */
export function adminOrgView(org: Org, domains: ReadonlyMap<number, string[]>) {
  return {
    id: org.id,
    name: org.name,
    kind: org.kind,
    jurisdiction: org.jurisdiction,
    subscriptions: [...org.subscriptions],
    policy: org.policy,
    domains: [...(domains.get(org.id) ?? [])].sort(),
    createdAt: org.createdAt,
  };
}
