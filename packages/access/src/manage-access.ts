import {
  AppError,
  ROLES_OF_KIND,
  isJurisdiction,
  isOrgKind,
  isRole,
  resolvePolicyRules,
  JURISDICTION_PROFILES,
  type AccessStore,
  type ApiKey,
  type Org,
  type User,
} from '@haechi/core';
import { generateApiKey } from './api-key-secret.js';
import { checkPasswordStrength, hashPassword } from './password-hash.js';

const ORG_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** Creates an organisation. Platforms subscribe to every bank (`*`) unless told otherwise. */
export async function createOrg(
  store: AccessStore,
  input: {
    name: string;
    kind: string;
    jurisdiction: string;
    subscriptions?: readonly string[];
    at: string;
    /** Recorded in the audit log (default `system`). */
    by?: string;
  },
): Promise<Org> {
  if (!ORG_NAME.test(input.name))
    throw new AppError(
      'invalid_input',
      `invalid organisation name "${input.name}": use 1–64 lower-case letters, digits, ".", "_" or "-"`,
    );
  if (!isOrgKind(input.kind))
    throw new AppError(
      'invalid_input',
      `unknown organisation kind "${input.kind}"; expected one of ${Object.keys(ROLES_OF_KIND).join(', ')}`,
    );
  if (!isJurisdiction(input.jurisdiction))
    throw new AppError(
      'invalid_input',
      `unknown jurisdiction "${input.jurisdiction}"; expected one of ${Object.keys(JURISDICTION_PROFILES).join(', ')}`,
    );
  return store.createOrg(
    {
      name: input.name,
      kind: input.kind,
      jurisdiction: input.jurisdiction,
      subscriptions: input.subscriptions ?? ['*'],
      policy: {},
      createdAt: input.at,
    },
    input.by ?? 'system',
  );
}

export async function requireOrg(store: AccessStore, name: string): Promise<Org> {
  const org = await store.getOrgByName(name);
  if (!org) throw new AppError('org_not_found', `no organisation named "${name}"`);
  return org;
}

/** Adds a person with a role that fits the organisation's kind. */
export async function createUser(
  store: AccessStore,
  input: {
    org: string;
    email: string;
    displayName: string;
    role: string;
    password: string;
    at: string;
    /** Recorded in the audit log (default `system`). */
    by?: string;
  },
): Promise<User> {
  const org = await requireOrg(store, input.org);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError('invalid_input', 'not a valid email address');
  if (!isRole(input.role) || !ROLES_OF_KIND[org.kind].includes(input.role)) {
    throw new AppError(
      'invalid_input',
      `a member of a ${org.kind} organisation can be ${ROLES_OF_KIND[org.kind].join(' or ')}, not "${input.role}"`,
    );
  }
  const weakness = checkPasswordStrength(input.password, [input.email, input.displayName]);
  if (weakness) throw new AppError('invalid_input', weakness);
  return store.createUser(
    {
      orgId: org.id,
      email,
      displayName: input.displayName.trim() || email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: input.at,
    },
    input.by ?? 'system',
  );
}

/** Issues an API key to a platform. The returned `key` is the only time the secret is seen. */
export async function issueApiKey(
  store: AccessStore,
  input: { orgId: number; label: string; createdBy: string; at: string },
): Promise<{ key: string; record: ApiKey }> {
  const org = await store.getOrg(input.orgId);
  if (!org) throw new AppError('org_not_found', `no organisation with id ${input.orgId}`);
  if (org.kind !== 'platform')
    throw new AppError(
      'invalid_input',
      `API keys are for platforms; "${org.name}" is a ${org.kind}`,
    );
  const label = input.label.trim();
  if (label.length === 0 || label.length > 100)
    throw new AppError('invalid_input', 'a key label needs 1–100 characters');
  const secret = generateApiKey();
  const record = await store.createApiKey({
    orgId: org.id,
    prefix: secret.prefix,
    secretHash: secret.secretHash,
    label,
    createdBy: input.createdBy,
    createdAt: input.at,
  });
  return { key: secret.key, record };
}

/** Sets the banks a platform's uploads are matched against, and its policy (validated). */
export async function configurePlatform(
  store: AccessStore,
  orgId: number,
  changes: { subscriptions?: readonly string[]; policy?: unknown },
  meta: { at: string; actor: string },
): Promise<Org> {
  const org = await store.getOrg(orgId);
  if (!org) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
  const profile = JURISDICTION_PROFILES[org.jurisdiction];
  if (changes.policy !== undefined) resolvePolicyRules(profile, changes.policy);
  const subscribed = changes.subscriptions ?? [];
  const dropped = profile.requiredBanks.filter((bank) => !subscribed.includes(bank));
  if (changes.subscriptions !== undefined && !subscribed.includes('*') && dropped.length > 0)
    throw new AppError(
      'invalid_input',
      `subscriptions: the ${profile.code} jurisdiction requires ${dropped.join(' and ')}; a platform cannot leave them out`,
    );
  return store.updateOrg(
    orgId,
    {
      ...(changes.subscriptions === undefined ? {} : { subscriptions: [...changes.subscriptions] }),
      ...(changes.policy === undefined ? {} : { policy: changes.policy }),
    },
    meta,
  );
}

const DOMAIN =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Domain names trimmed and lower-cased; AppError `invalid_input` names the first bad one. */
export function cleanDomainNames(domains: readonly string[]): string[] {
  const clean = domains.map((d) => d.trim().toLowerCase().replace(/\.$/, ''));
  const bad = clean.find((d) => !DOMAIN.test(d));
  if (bad !== undefined)
    throw new AppError('invalid_input', `not a domain name: ${JSON.stringify(bad)}`);
  return clean;
}

/**
 * Sets the domains a platform hosts content on (each covers its subdomains): names are checked and
 * lower-cased; AppError `invalid_input` for a bad name or an organisation that is not a platform.
 */
export async function setPlatformDomains(
  store: AccessStore,
  orgId: number,
  domains: readonly string[],
  meta: { at: string; actor: string },
): Promise<string[]> {
  const org = await store.getOrg(orgId);
  if (!org) throw new AppError('org_not_found', `no organisation with id ${orgId}`);
  const clean = cleanDomainNames(domains);
  if (org.kind !== 'platform')
    throw new AppError('invalid_input', `"${org.name}" is not a platform`);
  await store.setPlatformDomains(org.id, clean, meta);
  return clean;
}
