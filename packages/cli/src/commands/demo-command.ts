import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { PDQ_MATCH_RADIUS } from '@haechi/hashing';
import { runDemo } from '../demo/run-demo.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('generate benign demo images and show which altered copies PDQ still matches')
    .option(
      '--dir <dir>',
      'where to write the images (default: $HAECHI_DATA/demo or ./.haechi-demo)',
    )
    .action(async (options: { dir?: string }) => {
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
