// `npm run bench:node`: only the Node.js comparison of `npm run bench`.
import { fileURLToPath } from 'node:url';
import { benchNodeVersions } from './node-versions.bench.js';

await benchNodeVersions(
  process.env['HAECHI_BENCH_PHOTOS'] ??
    fileURLToPath(new URL('../../shared/testdata/photos', import.meta.url)),
);
