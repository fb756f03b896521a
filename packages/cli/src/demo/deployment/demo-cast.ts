import type { OrgKind, Role } from '@haechi/core';

/** An organisation of the demo deployment and the one person who signs in for it. */
export interface DemoOrg {
  readonly name: string;
  readonly kind: OrgKind;
  /** Platforms only: where they host content (served by the demo's own sites, see demo-sites). */
  readonly domains?: readonly string[];
  readonly person: { readonly email: string; readonly role: Role; readonly displayName: string };
}

/**
 * Who is in the demo: every kind of organisation, one person per role. The names are invented;
 * `.example` domains are reserved (RFC 2606) and never reach the internet.
 */
export const DEMO_CAST: readonly DemoOrg[] = [
  {
    name: 'operator',
    kind: 'operator',
    person: { email: 'admin@haechi.example', role: 'admin', displayName: 'Operator admin' },
  },
  {
    name: 'dsc',
    kind: 'support_center',
    person: { email: 'counsellor@dsc.example', role: 'counsellor', displayName: 'Counsellor Kim' },
  },
  {
    name: 'kcsc',
    kind: 'regulator',
    person: { email: 'reviewer@kcsc.example', role: 'reviewer', displayName: 'Reviewer Lee' },
  },
  {
    name: 'webtoon',
    kind: 'platform',
    domains: ['webtoon.example'],
    person: {
      email: 'ops@webtoon.example',
      role: 'platform',
      displayName: 'Webtoon trust & safety',
    },
  },
  {
    name: 'clipshare',
    kind: 'platform',
    domains: ['clipshare.example'],
    person: {
      email: 'ops@clipshare.example',
      role: 'platform',
      displayName: 'Clipshare moderation',
    },
  },
  {
    name: 'police',
    kind: 'police',
    person: {
      email: 'detective@police.example',
      role: 'investigator',
      displayName: 'Detective Park',
    },
  },
  {
    name: 'taskforce',
    kind: 'government',
    person: { email: 'analyst@taskforce.example', role: 'analyst', displayName: 'Analyst Choi' },
  },
];

/** A site no platform registered: what monitors find there waits in the counsellors' queue. */
export const UNHOSTED_SITE = 'forum.example';

/** Every host name the demo's own web server answers for. */
export const DEMO_HOSTS: readonly string[] = [
  ...DEMO_CAST.flatMap((org) => org.domains ?? []),
  UNHOSTED_SITE,
];
