import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, printTable, ratio } from './lib/measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/cli/bin/haechi.js');
const COMMANDS_DIR = join(ROOT, 'packages/cli/dist/commands');

/** Median wall time of a process from spawn to exit, in milliseconds. */
function timeProcess(file: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const samples = Array.from({ length: 7 }, () => {
    const t0 = performance.now();
    execFileSync(file, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    return performance.now() - t0;
  });
  return median(samples);
}

/**
 * How long the `haechi` command takes to answer, start-up included (the bar: under a
 * second). Baseline: Node.js starting and exiting with nothing to do, in the same run; and for
 * contrast, loading every command's module, which each call paid before commands were loaded lazily.
 */
export async function benchCliStartup(): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'haechi-bench-cli-'));
  try {
    const env = { ...process.env, HAECHI_DATA: data };
    execFileSync(process.execPath, [CLI, 'bank', 'create', 'bench'], { env, stdio: 'ignore' });
    const modules = (await readdir(COMMANDS_DIR))
      .filter((f) => f.endsWith('-command.js'))
      .map((f) => pathToFileURL(join(COMMANDS_DIR, f)).href);
    const loadAll = `await Promise.all(${JSON.stringify(modules)}.map((m) => import(m)))`;
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const node = process.execPath;
    const baseline = timeProcess(node, ['-e', '0'], env);
    const rows: Array<[string, number]> = [
      ['node -e 0 (baseline)', baseline],
      ['haechi --help', timeProcess(node, [CLI, '--help'], env)],
      ['haechi bank list', timeProcess(node, [CLI, 'bank', 'list'], env)],
      ['haechi admin list-orgs', timeProcess(node, [CLI, 'admin', 'list-orgs'], env)],
      ['npx haechi --help', timeProcess(npx, ['haechi', '--help'], env)],
      [
        'every command module loaded (each call before)',
        timeProcess(node, ['--input-type=module', '-e', loadAll], env),
      ],
    ];
    printTable(
      'the haechi command, start to exit (median of 7 runs)',
      ['command', 'ms', 'vs bare Node.js'],
      rows.map(([name, ms]) => [name, ms.toFixed(0), ratio(ms / baseline)]),
    );
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}
