import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  realpathSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_NODE_RANGE, unsupportedNode } from '@haechi/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startServerProcess } from './support/run-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readPackage = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };
const rootPackage = readPackage('package.json');
/** Node.js 24 for machines whose own is older: npm installs it only where npm runs on one. */
const runtimePackage = readPackage('node-runtime/package.json');
const require = createRequire(import.meta.url);

/** The Node.js that `npm install` placed for this platform (npm's node-linux-<arch>), if any. */
function bundledNode(): string | null {
  const name = `node-${process.platform}-${process.arch}`;
  if (!(name in runtimePackage.optionalDependencies)) return null;
  const binary = join(ROOT, 'node_modules', name, 'bin', 'node');
  return existsSync(binary) ? realpathSync(binary) : null;
}

/** ELF machine numbers of the architectures Node.js runs on here. */
const ELF_MACHINE: Record<string, number> = { x64: 0x3e, arm64: 0xb7 };

/** Native addons (.node files) under node_modules built for this machine's platform. */
function nativeAddonsForThisMachine(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.node') && builtForThisMachine(path))
        found.push(path);
    }
  };
  walk(join(ROOT, 'node_modules'));
  return found;
}

function builtForThisMachine(path: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  // Addons for other systems (Mach-O, PE) or other processors ship in some packages; skip them.
  const isElf = header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  return (
    process.platform === 'linux' && isElf && header.readUInt16LE(18) === ELF_MACHINE[process.arch]
  );
}

/** A Node.js older than the supported line on the PATH (the machine's own), if there is one. */
function olderNodeOnPath(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = resolve(dir, 'node');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (/^v\d+\.\d+\.\d+$/.test(version) && unsupportedNode(version)) return candidate;
  }
  return null;
}

describe('the Node.js that runs Haechi', () => {
  it('is one package.json supports, and package.json says what the code enforces', () => {
    expect(rootPackage.engines.node).toBe(SUPPORTED_NODE_RANGE);
    // The bundled runtime is installed exactly where npm's own Node.js is older than that.
    expect(runtimePackage.engines.node).toBe(SUPPORTED_NODE_RANGE.replace('>=', '<'));
    expect(unsupportedNode(process.versions.node)).toBeNull();
  });

  it.skipIf(bundledNode() === null)(
    'is the bundled Node.js 24 wherever npm installed one, so npm scripts and the suite run on it',
    () => {
      expect(realpathSync(process.execPath)).toBe(bundledNode());
      expect(process.versions.node).toBe(
        runtimePackage.optionalDependencies[`node-${process.platform}-${process.arch}`],
      );
    },
  );

  it('loads every native addon installed for this machine (a build for another Node.js fails here)', () => {
    const addons = nativeAddonsForThisMachine();
    // sharp's libvips binding and onnxruntime's at least; a rebuild against the wrong headers
    // throws "compiled against a different Node.js version" right here.
    expect(addons.some((path) => path.includes('sharp-'))).toBe(true);
    expect(addons.some((path) => path.includes('onnxruntime_binding'))).toBe(true);
    const failures: string[] = [];
    for (const addon of addons) {
      try {
        require(addon);
      } catch (error) {
        failures.push(`${addon}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reports its version in the server log line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haechi-runtime-'));
    const server = await startServerProcess(dir);
    try {
      const banner = server.logs.find((line) => line.startsWith('Haechi is listening on'));
      expect(banner).toContain(`(Node.js ${process.version}; API docs:`);
      // The JSON log line is written asynchronously: wait for it rather than for a time.
      const listening = await vi.waitFor(
        () => {
          const entry = server.logs
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find((line) => line['msg'] === 'listening');
          if (!entry) throw new Error('no "listening" log line yet');
          return entry;
        },
        { timeout: 30_000, interval: 20 },
      );
      expect(listening?.['node']).toBe(process.version);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an unsupported Node.js', () => {
  const older = olderNodeOnPath();
  const dir = mkdtempSync(join(tmpdir(), 'haechi-old-node-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(older === null)(
    'is refused by the server and the CLI before they load anything',
    () => {
      const version = execFileSync(older as string, ['--version'], { encoding: 'utf8' })
        .trim()
        .slice(1);
      const server = spawnSync(older as string, [join(ROOT, 'packages/server/dist/main.js')], {
        encoding: 'utf8',
        env: { ...process.env, HAECHI_DATA: dir, PORT: '0', DATABASE_URL: '' },
      });
      expect(server.status).toBe(1);
      expect(server.stderr).toBe(`haechi server: ${unsupportedNode(version)}\n`);
      const cli = spawnSync(older as string, [join(ROOT, 'packages/cli/bin/haechi.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(cli.status).toBe(2);
      expect(cli.stderr).toBe(`haechi: ${unsupportedNode(version)}\n`);
      expect(readdirSync(dir)).toEqual([]); // nothing was created on the way to the refusal
    },
  );
});
