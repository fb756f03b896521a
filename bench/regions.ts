// `npm run bench:regions`: the cost of content regions and enrolment crops alone.
import { fileURLToPath } from 'node:url';
import { benchRegions } from './regions.bench.js';

await benchRegions(
  process.env['HAECHI_BENCH_PHOTOS'] ??
    fileURLToPath(new URL('../../shared/testdata/photos', import.meta.url)),
);
