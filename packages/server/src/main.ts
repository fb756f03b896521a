// `npm start`: the Haechi server. It checks the runtime before loading anything else, so an
// unsupported Node.js gets a clear refusal instead of a missing built-in (node:sqlite) deep inside.
import { unsupportedNode } from '@haechi/core/runtime';

const refusal = unsupportedNode(process.versions.node);
if (refusal) {
  process.stderr.write(`haechi server: ${refusal}\n`);
  process.exit(1);
}
await import('./serve.js');
