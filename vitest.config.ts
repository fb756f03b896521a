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
      '@haechi/detection': pkg('detection'),
      '@haechi/server': pkg('server'),
      '@haechi/sdk': pkg('sdk'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
