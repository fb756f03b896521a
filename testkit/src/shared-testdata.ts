import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/testdata beside the checkout (present in CI), or HAECHI_TESTDATA. */
export const SHARED_TESTDATA =
  process.env['HAECHI_TESTDATA'] ??
  fileURLToPath(new URL('../../../shared/testdata', import.meta.url));

export const hasSharedTestdata = existsSync(SHARED_TESTDATA);

if (!hasSharedTestdata) {
  console.warn(
    `\n[haechi tests] ${SHARED_TESTDATA} is absent: tests that read the shared reference data are SKIPPED.\n` +
      'Place the shared folder beside the checkout (or set HAECHI_TESTDATA) to run them.\n',
  );
}

/** Rows of a small CSV with a header line and no quoted fields. */
export function parseSimpleCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  return lines.map((line) =>
    Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? `${i}`, v])),
  );
}
