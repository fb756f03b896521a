import type { AccessStore, AuditStore, SealedValueStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { mountOperations } from '../../http/operation.js';
import type { Sealer } from '../../services/sealing/sealer.js';
import { addOrg } from './add-org.route.js';
import { addPerson } from './add-person.route.js';
import { configureOrg } from './configure-org.route.js';
import { disablePerson } from './disable-person.route.js';
import { enablePerson } from './enable-person.route.js';
import { issueOrgKey } from './issue-org-key.route.js';
import { listJurisdictions } from './list-jurisdictions.route.js';
import { listOrgKeys } from './list-org-keys.route.js';
import { listOrgs } from './list-orgs.route.js';
import { listPeople } from './list-people.route.js';
import { resealMasterKey } from './reseal-master-key.route.js';
import { revokeOrgKey } from './revoke-org-key.route.js';

/**
 * The operator's administration: organisations, their people and keys, platforms' domains, bank
 * subscriptions and policy, jurisdictions and the master key. Every change goes through the same
 * checks as `haechi admin` and is audited with the administrator as its actor.
 */
export function adminFeature(deps: {
  access: AccessStore;
  sealed: SealedValueStore;
  audit: AuditStore;
  sealer: Sealer;
  now: () => Date;
}): Feature {
  const { access, now } = deps;
  return defineFeature({
    name: 'admin',
    routes: [
      mountOperations([
        listPeople(access),
        addPerson(access, now),
        disablePerson(access, now),
        enablePerson(access, now),
        listOrgKeys(access),
        issueOrgKey(access, now),
        revokeOrgKey(access, now),
        listOrgs(access),
        addOrg(access, now),
        configureOrg(access, now),
        listJurisdictions(),
        resealMasterKey({
          sealed: deps.sealed,
          audit: deps.audit,
          sealer: deps.sealer,
          now,
        }),
      ]),
    ],
  });
}
