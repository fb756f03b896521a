import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PDQ_MATCH_RADIUS } from '@haechi/hashing';
import { runDemo } from '../demo/run-demo.js';
import { parsePositiveInteger } from './parse-options.js';

interface DemoCommandOptions {
  dir?: string;
  serve?: boolean;
  data: string;
  port: number;
  host: string;
  clockRate: string;
  days: number;
}

/** `--serve`: the whole demo deployment, served until Ctrl-C. */
async function serveDeployment(options: DemoCommandOptions): Promise<void> {
  const rate = Number(options.clockRate);
  if (!(rate > 0))
    throw new Error(`--clock-rate must be a number above 0, not ${options.clockRate}`);
  const { serveDemo } = await import('../demo/deployment/serve-demo.js');
  const server = await serveDemo({
    dataDir: resolve(options.data),
    port: options.port,
    host: options.host,
    clockRate: rate,
    days: options.days,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('generate benign demo images and show which altered copies PDQ still matches')
    .option(
      '--dir <dir>',
      'where to write the images (default: $HAECHI_DATA/demo or ./.haechi-demo)',
    )
    .option(
      '--serve',
      'build a whole demo deployment (every role, a month of history) and serve it',
    )
    .option(
      '--data <dir>',
      'with --serve: its data folder (made if new, else served again)',
      'haechi-demo',
    )
    .option('--port <n>', 'with --serve: the port', (v) => parsePositiveInteger(v), 8080)
    .option('--host <address>', 'with --serve: the address to listen on', '127.0.0.1')
    .option(
      '--clock-rate <n>',
      "with --serve: how many times faster than real time the server's clock runs (HAECHI_CLOCK_RATE)",
      process.env['HAECHI_CLOCK_RATE'] ?? '1',
    )
    .option(
      '--days <n>',
      'with --serve: days of history to replay',
      (v) => parsePositiveInteger(v),
      30,
    )
    .action(async (options: DemoCommandOptions) => {
      if (options.serve) return serveDeployment(options);
      const dir =
        options.dir ??
        (process.env['HAECHI_DATA'] ? join(process.env['HAECHI_DATA'], 'demo') : '.haechi-demo');
      const rows = await runDemo(dir);
      const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
      out(`Haechi demo: a "known" image and ${rows.length} other images, generated in ${dir}/`);
      out(
        `A re-upload is blocked when its PDQ hash, or one of its 8 rotated/flipped hashes, is within ${PDQ_MATCH_RADIUS} bits.`,
      );
      out();
      out(
        `${'file'.padEnd(24)}${'what it is'.padEnd(44)}${'bits'.padStart(5)}${'best'.padStart(6)}  verdict`,
      );
      for (const r of rows) {
        const turned = r.bestVariant === 'original' ? '' : ` once turned back (${r.bestVariant})`;
        const verdict = r.matched ? `BLOCK: matches the known image${turned}` : 'allow: no match';
        out(
          `${relative(dir, r.file).padEnd(24)}${r.description.padEnd(44)}${String(r.distance).padStart(5)}${String(r.bestDistance).padStart(6)}  ${verdict}`,
        );
      }
      const wrong = rows.filter((r) => r.matched !== r.expectedMatch);
      out();
      out(
        wrong.length === 0
          ? 'As expected: every copy but the crop is blocked, and the unrelated images are allowed.'
          : `${wrong.length} image(s) were not judged as expected.`,
      );
      out(`Hash the folder yourself: npx haechi hash --dihedral ${dir}`);
      process.exitCode = wrong.length === 0 ? 0 : 1;
    });
}
