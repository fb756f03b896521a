import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The server binaries of the newest PostgreSQL Debian installs, or whatever is on PATH. */
function binary(name: string): string | null {
  for (const version of ['17', '16', '15', '14']) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  return null;
}

const INITDB = binary('initdb');
const PG_CTL = binary('pg_ctl');
/** Whether this machine can run a PostgreSQL cluster of a test's own (Debian's server package). */
export const canRunPrivatePostgres = INITDB !== null && PG_CTL !== null;

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user. */
const asOwner = (command: string, args: string[]) =>
  process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', command, ...args])
    : run(command, args);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PrivatePostgres {
  readonly url: string;
  /** Kills the database as a crash would (`pg_ctl stop -m immediate`: no checkpoint). */
  crash(): Promise<void>;
  /** Starts it again; it recovers from its write-ahead log. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, so a test can
 * crash and restart the database without touching the machine's shared one (which other test
 * files use at the same time).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!INITDB || !PG_CTL) throw new Error('no PostgreSQL server binaries (Debian: postgresql)');
  const root = await mkdtemp(join(tmpdir(), 'haechi-pg-'));
  if (process.getuid?.() === 0) await chown(root, ...(await postgresIds()));
  const data = join(root, 'data');
  const port = await freePort();
  await asOwner(INITDB, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=on`;
  const start = async () => {
    await asOwner(PG_CTL, ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: async () => {
      await asOwner(PG_CTL, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    start,
    destroy: async () => {
      await asOwner(PG_CTL, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
