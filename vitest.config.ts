import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so a test never passes on a stale build.
    alias: {
      '@haechi/hashing': pkg('hashing'),
      '@haechi/core': pkg('core'),
      '@haechi/media': pkg('media'),
      '@haechi/exchange': pkg('exchange'),
      '@haechi/store': pkg('store'),
      '@haechi/banks': pkg('banks'),
      '@haechi/monitor': pkg('monitor'),
      '@haechi/access': pkg('access'),
      '@haechi/evidence': pkg('evidence'),
      '@haechi/faces': pkg('faces'),
      '@haechi/detection': pkg('detection'),
      '@haechi/server': pkg('server'),
      '@haechi/sdk': pkg('sdk'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Most test files spend their time waiting on other processes (servers, the CLI, Chromium,
    // PostgreSQL), so one file more than there are cores keeps the CPUs busy: on two cores this
    // took the suite from 378 s to 284 s (vitest's default, one file fewer than the cores, runs
    // them one at a time there). Capped, because each file may start servers and a browser.
    maxWorkers: Math.min(availableParallelism() + 1, 8),
    // Ceilings for a test or set-up that hangs, not speed requirements: a busy two-core machine runs
    // a server start or a model load several times slower than an idle one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll waits on a condition; its ceiling (vitest's default is one second) only bounds a
    // wait that never ends, so it sits far above any machine's speed: the suite must pass on a
    // busy two-core machine.
    expect: { poll: { timeout: 30_000, interval: 50 } },
  },
});
