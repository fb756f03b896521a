// `npm start`: the Haechi server on the embedded store (HAECHI_DATA), port PORT.
import { loadConfig } from './config.js';
import { startServer } from './start-server.js';

try {
  const server = await startServer(loadConfig());
  process.stdout.write(
    `Haechi is listening on ${server.url}  (API docs: ${server.url}/docs; data: ${process.env['HAECHI_DATA'] ?? 'haechi-data'})\n`,
  );
  const stop = (signal: string) => {
    server.logger.info({ msg: 'stopping', signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  process.stderr.write(`haechi server: ${(error as Error).message}\n`);
  process.exit(1);
}
