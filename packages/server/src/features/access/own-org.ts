import { configurePlatform } from '@haechi/access';
import {
  AppError,
  JURISDICTION_PROFILES,
  publicBankName,
  type AccessStore,
  type BankStore,
} from '@haechi/core';

/** What a signed-in organisation sees of itself: jurisdiction, deadline, subscriptions, domains. */
export async function ownOrg(access: AccessStore, orgId: number) {
  const org = await access.getOrg(orgId);
  if (!org) throw new AppError('org_not_found', 'your organisation no longer exists');
  const domains = (await access.listPlatformDomains())
    .filter((d) => d.orgId === org.id)
    .map((d) => d.domain)
    .sort();
  const profile = JURISDICTION_PROFILES[org.jurisdiction];
  return {
    name: org.name,
    kind: org.kind,
    jurisdiction: org.jurisdiction,
    takedownHours: profile.takedownHours,
    subscriptions: [...org.subscriptions],
    requiredBanks: [...profile.requiredBanks],
    domains,
  };
}

/**
 * A platform picks the banks that screen its uploads: each an existing bank (as platforms name
 * them: every case's bank is `victim-reported`) or one its jurisdiction requires, or `*` for all.
 */
export async function chooseSubscriptions(
  deps: { access: AccessStore; banks: BankStore },
  caller: { orgId: number; actor: string },
  subscriptions: readonly string[],
  at: string,
) {
  const wanted = [...new Set(subscriptions)];
  const known = new Set((await deps.banks.listBanks()).map((b) => publicBankName(b.name)));
  const org = await deps.access.getOrg(caller.orgId);
  for (const required of org ? JURISDICTION_PROFILES[org.jurisdiction].requiredBanks : [])
    known.add(required);
  const unknown = wanted.find((name) => name !== '*' && !known.has(name));
  if (unknown !== undefined)
    throw new AppError('invalid_input', `subscriptions: no bank named ${JSON.stringify(unknown)}`);
  await configurePlatform(
    deps.access,
    caller.orgId,
    { subscriptions: wanted.includes('*') ? ['*'] : wanted },
    { at, actor: caller.actor },
  );
  return ownOrg(deps.access, caller.orgId);
}
