import { createHash } from 'node:crypto';
import { md5Hex, sha256Hex } from '@haechi/hashing';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import { measureMs, printTable, ratio } from './lib/measure.js';

/** The pure-TypeScript digests (used in browsers) against Node's native OpenSSL ones as baseline. */
export async function benchDigests(): Promise<void> {
  const data = randomBytes(seededRandom(1), 4 * 1024 * 1024);
  const mbPerSecond = (msEach: number) => ((data.length / 1024 / 1024) * 1000) / msEach;
  const rows: string[][] = [];
  for (const [name, pure, native] of [
    ['MD5', md5Hex, 'md5'],
    ['SHA-256', sha256Hex, 'sha256'],
  ] as const) {
    const pureMs = await measureMs(() => pure(data));
    const nativeMs = await measureMs(() => createHash(native).update(data).digest('hex'));
    rows.push([
      name,
      mbPerSecond(pureMs).toFixed(0),
      mbPerSecond(nativeMs).toFixed(0),
      ratio(pureMs / nativeMs),
    ]);
  }
  printTable(
    'Digests of a 4 MiB buffer (median)',
    ['digest', 'pure TS MB/s', 'node:crypto MB/s', 'pure / native time'],
    rows,
  );
}
