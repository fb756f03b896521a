// The `haechi` command. It checks the runtime before loading the commands, so an unsupported
// Node.js gets a clear refusal (exit 2) instead of a missing built-in deep inside.
// The runtime check alone (not the whole core), so even `haechi --help` starts fast.
import { unsupportedNode } from '@haechi/core/runtime';

const refusal = unsupportedNode(process.versions.node);
if (refusal) {
  process.stderr.write(`haechi: ${refusal}\n`);
  process.exit(2);
}
await import('./program.js');
