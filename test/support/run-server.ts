import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly logs: string[];
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL: no shutdown, as in a crash); resolves when it is gone. */
  kill(): Promise<void>;
  /** Whether the process is still running (a crash ends it). */
  alive(): boolean;
}

/** Starts the built server (`npm start` without the build) in a child process on a free port. */
export async function startServerProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  if (!existsSync(MAIN))
    throw new Error('packages/server is not built: run `npm run build` (npm test does)');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [MAIN], {
    // The embedded store in dataDir, unless the test asks for PostgreSQL itself (CI's DATABASE_URL
    // is for the tests that choose it).
    env: {
      ...process.env,
      DATABASE_URL: '',
      HAECHI_DATA: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const logs: string[] = [];
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    // Only a ceiling for a server that never says it listens (a loaded machine may take seconds).
    const timer = setTimeout(
      () => reject(new Error(`the server did not start:\n${logs.join('\n')}`)),
      50_000,
    );
    child.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`the server exited with ${code}:\n${logs.join('\n')}`)),
    );
    lines.on('line', (line) => {
      logs.push(line);
      const found = /Haechi is listening on (http:\/\/\S+)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  return {
    url,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
