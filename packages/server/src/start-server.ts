import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { composeServer, type ServerOptions } from './compose-server.js';
import type { ServerConfig } from './config.js';
import type { Logger } from './logging/logger.js';

export interface RunningServer {
  readonly url: string;
  readonly logger: Logger;
  /** Runs the jobs due now by the server's clock (tests on a simulated clock call this). */
  runDueJobs(): Promise<number>;
  close(): Promise<void>;
}

/** The composed server on a socket: listens on the configured host and port. */
export async function startServer(
  config: ServerConfig,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const composed = await composeServer(config, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: composed.app.fetch,
        port: config.port,
        hostname: config.host,
        // Checked often enough that the headers timeout is kept to within a second or so.
        serverOptions: {
          connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
          headersTimeout: config.headersTimeoutMs,
          requestTimeout: 120_000,
        },
      },
      () => resolve(s),
    );
  });
  const address = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
  composed.logger.info({ msg: 'listening', url, node: process.version, dataDir: config.dataDir });
  return {
    url,
    logger: composed.logger,
    runDueJobs: () => composed.runDueJobs(),
    close: async () => {
      // No new requests, and those in flight answered, before the services stop.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await composed.close();
    },
  };
}
