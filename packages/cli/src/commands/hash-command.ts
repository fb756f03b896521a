import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_IMAGE_DECODE_LIMITS, type ImageDecodeLimits } from '@haechi/media';
import { createProgressReporter } from '../hash/progress.js';
import { runHash } from '../hash/run-hash.js';
import { parsePositiveInteger } from './parse-options.js';

interface HashCommandOptions {
  dihedral?: boolean;
  enrol?: boolean;
  jobs: number;
  maxBytes?: number;
  maxPixels?: number;
}

export function registerHashCommand(program: Command): void {
  program
    .command('hash')
    .description(
      'print {"path","pdq","quality","md5","sha256"} as one JSON line per image file; ' +
        'directories are searched recursively. Exit code 1 if any file could not be hashed.',
    )
    .argument('<paths...>', 'image files or directories')
    .option('--dihedral', 'also print the 8 rotation/flip hashes ("dihedral")')
    .option(
      '--enrol',
      'also print the PDQ of the crops banked with a picture ("crops": centred 90 % and 80 %, and 90 % of each side); `haechi bank import` stores them as part of its entry',
    )
    .option(
      '-j, --jobs <n>',
      'images decoded and hashed in parallel',
      parsePositiveInteger,
      availableParallelism(),
    )
    .option(
      '--max-bytes <n>',
      `largest file accepted (default ${DEFAULT_IMAGE_DECODE_LIMITS.maxInputBytes})`,
      parsePositiveInteger,
    )
    .option(
      '--max-pixels <n>',
      `largest width×height accepted (default ${DEFAULT_IMAGE_DECODE_LIMITS.maxPixels})`,
      parsePositiveInteger,
    )
    .action(async (paths: string[], options: HashCommandOptions) => {
      const limits: Partial<ImageDecodeLimits> = {
        ...(options.maxBytes === undefined ? {} : { maxInputBytes: options.maxBytes }),
        ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }),
      };
      const summary = await runHash(paths, {
        dihedral: options.dihedral === true,
        enrol: options.enrol === true,
        limits,
        jobs: options.jobs,
        writeLine: (line) => process.stdout.write(`${line}\n`),
        progress: createProgressReporter(process.stderr),
      });
      if (summary.hashed + summary.failed === 0)
        process.stderr.write('haechi hash: no image files found\n');
      process.exitCode = summary.failed > 0 ? 1 : 0;
    });
}
