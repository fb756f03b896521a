import { benchPdqIndex } from './pdq-index.bench.js';
await benchPdqIndex([1_000_000, 10_000_000]);
