// For server-close.test.ts: starts the server in this process with the detectors named in argv,
// answers one request, closes it, and must then end on its own. Where something it started is
// still running, the process would stay; an unref'd timer (which keeps nothing alive) then says
// what is left and exits 3.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '@haechi/server';

const data = await mkdtemp(join(tmpdir(), 'haechi-close-'));
const server = await startServer(
  loadConfig({
    HAECHI_DATA: data,
    PORT: '0',
    LOG_LEVEL: 'silent',
    HAECHI_DETECTORS: process.argv[2] ?? '',
  }),
);
const ready = await fetch(`${server.url}/readyz`);
await server.close();
await rm(data, { recursive: true, force: true });
process.stdout.write(`answered ${ready.status}, closed\n`);
setTimeout(() => {
  process.stdout.write(`still running: ${process.getActiveResourcesInfo().join(', ')}\n`);
  process.exit(3);
}, 30_000).unref();
