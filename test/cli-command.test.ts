import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

// The command line as a newcomer meets it: the list of commands, and a store never made by mistake.
describe('the haechi command', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists every command with its summary, and loads a command fully for its own help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    const commands = help.stdout
      .split('Commands:\n')[1]
      ?.split('\n')
      .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
      .filter(Boolean);
    expect(commands).toEqual([
      'hash',
      'match',
      'bank',
      'admin',
      'audit',
      'backup',
      'restore',
      'evidence',
      'eval',
      'demo',
      'help',
    ]);
    const bank = await runCli(['help', 'bank']);
    expect(bank.code).toBe(0);
    expect(bank.stdout).toContain('Usage: haechi bank [options] [command]');
    expect(bank.stdout).toMatch(/\n {2}mirror \[options\] <name> <feedfile>/);
    const unknown = await runCli(['hsah']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([
      2,
      "error: unknown command 'hsah'",
    ]);
  });

  it('refuses to start a store where it expected one, names the folder, and leaves nothing', async () => {
    const data = join(dir, 'not-the-server-data');
    for (const [command, ...options] of [
      ['admin list-orgs'],
      ['admin create-key', '--org', 'webtoon'],
      ['bank list'],
      ['audit verify'],
    ] as const) {
      const result = await runCli([...command.split(' '), ...options], { HAECHI_DATA: data });
      expect(result.code, command).toBe(1);
      expect(result.stderr).toBe(
        `haechi ${command}: no Haechi store in ${data} (it has no haechi.db). Point to the ` +
          "server's data folder with --data <dir> or HAECHI_DATA=<dir>; `haechi admin create-org`, " +
          '`haechi bank create` and the server itself start a new store there\n',
      );
      expect(existsSync(data)).toBe(false);
    }
    // The commands that create something start the store.
    const created = await runCli(['bank', 'create', 'confirmed', '--data', data]);
    expect(created.code).toBe(0);
    expect(existsSync(join(data, 'haechi.db'))).toBe(true);
    const listed = await runCli(['bank', 'list', '--json'], { HAECHI_DATA: data });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({
      name: 'confirmed',
    });
  });
});
