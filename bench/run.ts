// `npm run bench`: every hot path's benchmark, as Markdown tables of medians and in-run ratios.
import { existsSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchChangeFeed } from './change-feed.bench.js';
import { benchCliStartup } from './cli-startup.bench.js';
import { benchCliThroughput } from './cli-throughput.bench.js';
import { benchDetectors } from './detectors.bench.js';
import { benchDigests } from './digests.bench.js';
import { benchPdqBuffers } from './pdq-buffers.bench.js';
import { benchPdqIndex } from './pdq-index.bench.js';
import { benchPhotos } from './photos.bench.js';
import { benchRegions } from './regions.bench.js';
import { benchScreening } from './screening.bench.js';
import { benchMonitoring } from './monitoring.bench.js';
import { benchNodeVersions } from './node-versions.bench.js';

// Sizes of the match-index benchmark; 10 M takes about half a minute and 2 GB.
const indexSizes = (process.env['HAECHI_BENCH_INDEX_SIZES'] ?? '1000000,10000000')
  .split(',')
  .map(Number);

const photos =
  process.env['HAECHI_BENCH_PHOTOS'] ??
  fileURLToPath(new URL('../../shared/testdata/photos', import.meta.url));

console.log(
  `Haechi benchmarks: Node ${process.version}, ${platform()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
);
await benchCliStartup();
await benchPdqBuffers();
await benchDigests();
await benchPdqIndex(indexSizes);
await benchChangeFeed();
if (existsSync(photos)) {
  await benchPhotos(photos);
  await benchRegions(photos);
  await benchCliThroughput(photos);
  await benchScreening(photos);
  await benchMonitoring(photos);
  await benchDetectors(photos);
  await benchNodeVersions(photos);
} else {
  console.log(`\n(photo benchmarks skipped: ${photos} not found; set HAECHI_BENCH_PHOTOS)`);
}
