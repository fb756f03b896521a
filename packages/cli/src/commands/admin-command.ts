import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  configurePlatform,
  createOrg,
  createUser,
  issueApiKey,
  requireOrg,
  setPlatformDomains,
} from '@haechi/access';
import { JURISDICTIONS, ORG_KINDS, ROLES } from '@haechi/core';
import { cliActor, openStores, resolveDataDir } from '../bank/open-bank-store.js';
import { runBankAction } from '../bank/report-failure.js';
import { readPassword } from '../admin/read-password.js';

const now = (): string => new Date().toISOString();
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

const list = (value: string): string[] => {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('give at least one name');
  return items;
};

function withStores(
  command: Command,
  name: string,
  action: (stores: Awaited<ReturnType<typeof openStores>>) => Promise<void>,
): Promise<void> {
  const { data } = command.optsWithGlobals<{ data?: string }>();
  return runBankAction(
    name,
    async () => {
      // Only a first organisation starts a new store; every other command needs an existing one.
      const stores = await openStores(resolveDataDir(data), { create: name === 'create-org' });
      try {
        await action(stores);
      } finally {
        await stores.close();
      }
    },
    'admin',
  );
}

/** `haechi admin …`: bootstraps a fresh install (organisations, people, keys) on the local store. */
export function registerAdminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description('bootstrap and administer a Haechi install on its data folder (HAECHI_DATA)')
    .option('--data <dir>', 'data folder (default $HAECHI_DATA, else ./haechi-data)');

  admin
    .command('create-org')
    .description('add an organisation')
    .argument('<name>', 'lower-case letters, digits, ".", "_" or "-"')
    .addOption(new Option('--kind <kind>', 'what it is').choices(ORG_KINDS).makeOptionMandatory())
    .addOption(
      new Option('--jurisdiction <code>', 'whose law it answers to')
        .choices(JURISDICTIONS)
        .default('KR'),
    )
    .option(
      '--subscribe <banks>',
      'for a platform: banks its uploads are matched against (comma-separated; default every bank)',
      list,
    )
    .action(
      async (
        name: string,
        options: { kind: string; jurisdiction: string; subscribe?: string[] },
        command: Command,
      ) =>
        withStores(command, 'create-org', async ({ access }) => {
          const org = await createOrg(access, {
            name,
            kind: options.kind,
            jurisdiction: options.jurisdiction,
            ...(options.subscribe ? { subscriptions: options.subscribe } : {}),
            at: now(),
            by: cliActor(),
          });
          out(`created ${org.kind} "${org.name}" (id ${org.id}, ${org.jurisdiction})`);
        }),
    );

  admin
    .command('create-user')
    .description('add a person; the password is read from standard input (first line)')
    .argument('<email>')
    .requiredOption('--org <name>', 'the organisation')
    .addOption(new Option('--role <role>', 'what they do').choices(ROLES).makeOptionMandatory())
    .option('--name <display name>', 'shown in the console', '')
    .action(
      async (
        email: string,
        options: { org: string; role: string; name: string },
        command: Command,
      ) =>
        withStores(command, 'create-user', async ({ access }) => {
          const user = await createUser(access, {
            org: options.org,
            email,
            displayName: options.name,
            role: options.role,
            password: await readPassword(),
            at: now(),
            by: cliActor(),
          });
          out(`created ${user.role} ${user.email} (id ${user.id})`);
        }),
    );

  admin
    .command('create-key')
    .description('issue an API key to a platform; prints the key, which is shown only this once')
    .requiredOption('--org <name>', 'the platform')
    .option('--label <text>', 'what the key is for', 'upload screening')
    .action(async (options: { org: string; label: string }, command: Command) =>
      withStores(command, 'create-key', async ({ access }) => {
        const org = await requireOrg(access, options.org);
        const { key, record } = await issueApiKey(access, {
          orgId: org.id,
          label: options.label,
          createdBy: cliActor(),
          at: now(),
        });
        out(key);
        process.stderr.write(
          `issued key ${record.prefix} to "${org.name}"; store it now, it is not shown again\n`,
        );
      }),
    );

  admin
    .command('configure-platform')
    .description(
      "set a platform's bank subscriptions and/or its policy (a JSON file: disabledRules, extraRules)",
    )
    .requiredOption('--org <name>', 'the platform')
    .option(
      '--subscribe <banks>',
      'banks to match against, comma-separated ("*" for every bank)',
      list,
    )
    .option('--policy <file>', 'the platform policy as JSON')
    .action(
      async (options: { org: string; subscribe?: string[]; policy?: string }, command: Command) =>
        withStores(command, 'configure-platform', async ({ access }) => {
          const org = await requireOrg(access, options.org);
          const policy =
            options.policy === undefined
              ? undefined
              : (JSON.parse(await readFile(options.policy, 'utf8')) as unknown);
          const updated = await configurePlatform(
            access,
            org.id,
            {
              ...(options.subscribe ? { subscriptions: options.subscribe } : {}),
              ...(policy === undefined ? {} : { policy }),
            },
            { at: now(), actor: cliActor() },
          );
          out(`"${updated.name}" subscribes to ${updated.subscriptions.join(', ')}`);
        }),
    );

  admin
    .command('set-domains')
    .description('set the domains a platform hosts content on: notices for URLs there go to it')
    .requiredOption('--org <name>', 'the platform')
    .argument('<domains...>', 'e.g. example.com (covers its subdomains too)')
    .action(async (domains: string[], options: { org: string }, command: Command) =>
      withStores(command, 'set-domains', async ({ access }) => {
        const org = await requireOrg(access, options.org);
        const clean = await setPlatformDomains(access, org.id, domains, {
          at: now(),
          actor: cliActor(),
        });
        out(`"${org.name}" hosts ${clean.join(', ')}`);
      }),
    );

  admin
    .command('list-orgs')
    .description('every organisation, one JSON line each')
    .action(async (_: unknown, command: Command) =>
      withStores(command, 'list-orgs', async ({ access }) => {
        for (const org of await access.listOrgs())
          out(
            JSON.stringify({
              id: org.id,
              name: org.name,
              kind: org.kind,
              jurisdiction: org.jurisdiction,
              subscriptions: org.subscriptions,
            }),
          );
      }),
    );
}
