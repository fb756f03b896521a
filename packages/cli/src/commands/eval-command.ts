import type { Command } from 'commander';
import { parseRadius } from './parse-options.js';
import { InvalidArgumentError } from 'commander';
import type { Detector } from '@haechi/core';
import { createDetectors, lazyFaceLocator, loadModelDetectors } from '@haechi/detection';
import { PDQ_MATCH_RADIUS } from '@haechi/hashing';
import { evaluateDetectors, readLabels } from '../eval/detector-evaluation.js';
import { TRANSFORMS } from '../eval/image-transforms.js';
import { evaluateRobustness } from '../eval/robustness.js';
import { evaluateFaces } from '../eval/face-evaluation.js';
import { collectImagePaths } from '../hash/collect-image-paths.js';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const fixed = (n: number | null, digits = 3) => (n === null ? '—' : n.toFixed(digits));

function table(header: string[], rows: string[][]): void {
  out(`| ${header.join(' | ')} |`);
  out(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) out(`| ${row.join(' | ')} |`);
}

function parseUnit(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number 0…1');
  return n;
}

/** `haechi eval robustness|detect`: measured quality of hashing and of the detectors. */
export function registerEvalCommand(program: Command): void {
  const evaluation = program
    .command('eval')
    .description('measure how well hashing and detection work');

  evaluation
    .command('robustness')
    .description(
      'hash each image and altered copies of it; report per alteration the share of copies PDQ matches at the radius, and false matches between distinct images',
    )
    .argument('<paths...>', 'images, or folders of them')
    .option('--radius <n>', 'largest PDQ distance that matches', parseRadius, PDQ_MATCH_RADIUS)
    .option(
      '--transforms <list>',
      `comma-separated (default all: ${Object.keys(TRANSFORMS).join(',')})`,
    )
    .option(
      '--variants <dir>',
      'read the copies instead of making them: one sub-folder per alteration, files named like the originals',
    )
    .option('--json', 'print the report as one JSON object')
    .action(
      async (
        paths: string[],
        options: { radius: number; transforms?: string; variants?: string; json?: boolean },
      ) => {
        const files: string[] = [];
        for await (const item of collectImagePaths(paths))
          if ('error' in item) process.stderr.write(`${item.path}: ${item.error}\n`);
          else files.push(item.path);
        const report = await evaluateRobustness(files, {
          radius: options.radius,
          transforms: options.transforms?.split(',') ?? Object.keys(TRANSFORMS),
          ...(options.variants ? { variantsDir: options.variants } : {}),
        });
        if (options.json) out(JSON.stringify(report));
        else {
          out(
            `${report.images} images, PDQ radius ${report.radius}${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}`,
          );
          table(
            [
              'alteration',
              'copies',
              'recall',
              'recall with dihedral',
              'recall full',
              'median distance',
              'false matches',
            ],
            report.transforms.map((t) => [
              t.transform,
              String(t.copies),
              fixed(t.recall),
              fixed(t.recallDihedral),
              fixed(t.recallFull),
              String(t.medianDistance),
              String(t.falseMatches),
            ]),
          );
          out(
            `false matches among distinct originals: ${report.distinctPairsMatching} of ${report.distinctPairs} pairs as uploaded, ${report.distinctPairsMatchingFull} with every screening step`,
          );
        }
        for (const s of report.skipped) process.stderr.write(`${s.path}: ${s.error}\n`);
        if (report.images === 0) process.exitCode = 1;
      },
    );

  evaluation
    .command('detect')
    .description(
      'run detectors over labelled images and report, per detector and label, ROC-AUC, precision and recall at the threshold, and latency',
    )
    .requiredOption(
      '--labels <file>',
      'CSV with the header "path,positive" (1 or 0), paths relative to it',
    )
    .option('--detectors <names>', 'built-in detectors, comma-separated', 'provenance,nudity')
    .option('--models <file>', 'ONNX models and HTTP services, as HAECHI_MODEL_DETECTORS')
    .option('--score <detector:label...>', 'evaluate only these scores')
    .option('--threshold <t>', 'score at which an image counts as positive', parseUnit, 0.5)
    .option('--json', 'print the report as one JSON object')
    .action(
      async (options: {
        labels: string;
        detectors: string;
        models?: string;
        score?: string[];
        threshold: number;
        json?: boolean;
      }) => {
        let detectors: Detector[];
        let images;
        try {
          images = await readLabels(options.labels);
          detectors = [
            ...(await createDetectors(
              options.detectors === '' ? [] : options.detectors.split(','),
            )),
            ...(options.models
              ? await loadModelDetectors(options.models, {
                  env: process.env,
                  log: { warn: (f) => process.stderr.write(`${JSON.stringify(f)}\n`) },
                  locateFaces: lazyFaceLocator(),
                })
              : []),
          ];
        } catch (error) {
          process.stderr.write(`haechi eval detect: ${(error as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
        const { evaluations, skipped } = await evaluateDetectors(images, detectors, {
          threshold: options.threshold,
          scores: options.score,
        });
        if (options.json) out(JSON.stringify({ images: images.length, skipped, evaluations }));
        else {
          const first = evaluations[0]?.metrics;
          out(
            `${images.length - skipped.length} images (${first?.positives ?? 0} positive, ${first?.negatives ?? 0} negative), threshold ${options.threshold}`,
          );
          table(
            ['score', 'ROC-AUC', 'precision', 'recall', 'false positive rate', 'ms/image'],
            evaluations.map((e) => [
              e.score,
              fixed(e.metrics.rocAuc),
              fixed(e.metrics.precision),
              fixed(e.metrics.recall),
              fixed(e.metrics.falsePositiveRate),
              e.medianMs.toFixed(2),
            ]),
          );
        }
        for (const s of skipped) process.stderr.write(`${s.path}: ${s.error}\n`);
        if (skipped.length > 0) process.exitCode = 1;
      },
    );

  evaluation
    .command('faces')
    .description(
      'embed every face of a folder of identities (one subfolder per person) and report the true-accept rate at false-accept rates of 1 % and 0.1 %, and at the matching threshold',
    )
    .argument('<folder>', 'one subfolder of photos per person')
    .option(
      '--calibrate-on <folder>',
      'another folder of identities (no one in common): the threshold at FAR 0.1 % there, reported here with 95 % intervals',
    )
    .option('--json', 'print the report as one JSON object')
    .action(async (folder: string, options: { json?: boolean; calibrateOn?: string }) => {
      let report;
      try {
        report = await evaluateFaces(
          folder,
          options.calibrateOn ? { calibrateOn: options.calibrateOn } : {},
        );
      } catch (error) {
        process.stderr.write(`haechi eval faces: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (options.json) out(JSON.stringify(report));
      else {
        out(
          `${report.people} people, ${report.photos} photos (${report.noFace.length} without a face); ${report.samePersonPairs} same-person and ${report.differentPeoplePairs} different-people pairs; ${report.medianMs} ms a photo`,
        );
        const row = (name: string, r: { threshold: number; tar: number; far: number }) => [
          name,
          Number.isFinite(r.threshold) ? r.threshold.toFixed(3) : '—',
          fixed(r.tar),
          fixed(r.far, 4),
        ];
        table(
          ['operating point', 'cosine threshold', 'TAR', 'FAR'],
          [
            row('FAR ≤ 1 %', report.tarAtFar1),
            row('FAR ≤ 0.1 %', report.tarAtFar01),
            row('the matching threshold', report.atThreshold),
          ],
        );
        const c = report.calibrated;
        if (c) {
          const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
          out(
            `calibrated on ${c.on} at FAR 0.1 %: threshold ${c.threshold.toFixed(4)}; here TAR ${pct(c.tar)} (95 % ${pct(c.tarInterval[0])}–${pct(c.tarInterval[1])}), FAR ${pct(c.far)} (95 % ${pct(c.farInterval[0])}–${pct(c.farInterval[1])})`,
          );
        }
      }
      if (report.samePersonPairs === 0 || report.differentPeoplePairs === 0) process.exitCode = 1;
    });
}
