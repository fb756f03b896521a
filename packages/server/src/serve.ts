// The server process (see main.ts): the embedded store (HAECHI_DATA) or PostgreSQL, port PORT;
// with HAECHI_WORKERS=N, N processes share the port and the store (node:cluster).
import cluster from 'node:cluster';
import { openEmbeddedStores } from '@haechi/store';
import { loadConfig } from './config.js';
import { SNAPSHOT_WRITER_ENV } from './composition/snapshot-writer.js';
import { startServer } from './start-server.js';

const banner = (url: string, workers: number) =>
  `Haechi is listening on ${url}  (Node.js ${process.version}; API docs: ${url}/docs; data: ${process.env['HAECHI_DATA'] ?? 'haechi-data'}${workers > 1 ? `; ${workers} worker processes` : ''})\n`;

async function runPrimary(workers: number, dataDir: string | null): Promise<void> {
  // Migrate the embedded store once, before any worker opens it (PostgreSQL's migrations take a
  // lock of their own).
  if (dataDir) await openEmbeddedStores(dataDir).close();
  let stopping = false;
  let announced = false;
  let writer: number | undefined;
  // The first worker, and whichever replaces it, writes the match index's snapshot.
  const fork = (writesSnapshot: boolean) => {
    const worker = cluster.fork(writesSnapshot ? { [SNAPSHOT_WRITER_ENV]: '1' } : {});
    if (writesSnapshot) writer = worker.id;
    worker.on('message', (message: { listening?: string }) => {
      if (message.listening && !announced) {
        announced = true;
        process.stdout.write(banner(message.listening, workers));
      }
    });
  };
  for (let i = 0; i < workers; i++) fork(i === 0);
  // A worker that dies is replaced: its jobs' leases run out and another process takes them.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `haechi server: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`,
    );
    fork(worker.id === writer);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runServer(): Promise<void> {
  const server = await startServer(loadConfig());
  if (cluster.isWorker) process.send?.({ listening: server.url });
  else process.stdout.write(banner(server.url, 1));
  const stop = (signal: string) => {
    server.logger.info({ msg: 'stopping', signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

try {
  const config = loadConfig();
  if (cluster.isPrimary && config.workers > 1)
    await runPrimary(config.workers, config.database ? null : config.dataDir);
  else await runServer();
} catch (error) {
  process.stderr.write(`haechi server: ${(error as Error).message}\n`);
  process.exit(1);
}
