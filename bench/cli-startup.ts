// `npm run bench:cli`: the haechi command's start-up alone (also a section of `npm run bench`).
import { benchCliStartup } from './cli-startup.bench.js';

await benchCliStartup();
