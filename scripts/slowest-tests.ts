// The slowest tests of a vitest JSON report (`vitest run --reporter=json --outputFile=FILE`), as a
// Markdown table: `tsx scripts/slowest-tests.ts FILE [COUNT]`. Where the suite's time goes.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Report {
  readonly startTime: number;
  readonly numFailedTests: number;
  readonly numPassedTests: number;
  readonly testResults: ReadonlyArray<{
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly assertionResults: ReadonlyArray<{
      readonly title: string;
      readonly duration?: number;
    }>;
  }>;
}

const [file, countArg = '10'] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx scripts/slowest-tests.ts REPORT.json [COUNT]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
const tests = report.testResults.flatMap((f) =>
  f.assertionResults.map((t) => ({
    seconds: (t.duration ?? 0) / 1000,
    where: relative(process.cwd(), f.name),
    title: t.title,
  })),
);
tests.sort((a, b) => b.seconds - a.seconds);
const wall = (Math.max(...report.testResults.map((f) => f.endTime)) - report.startTime) / 1000;
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed; ${wall.toFixed(0)} s from start to the last file`,
);
const count = Number(countArg);
console.log('\n| s | test |\n|---:|---|');
for (const t of tests.slice(0, count))
  console.log(`| ${t.seconds.toFixed(1)} | ${t.where}: ${t.title} |`);
// A file's time includes its set-up (servers, browsers, models), which no single test shows.
const files = report.testResults
  .map((f) => ({
    seconds: (f.endTime - f.startTime) / 1000,
    where: relative(process.cwd(), f.name),
  }))
  .sort((a, b) => b.seconds - a.seconds);
console.log('\n| s | file, set-up included |\n|---:|---|');
for (const f of files.slice(0, count)) console.log(`| ${f.seconds.toFixed(1)} | ${f.where} |`);
