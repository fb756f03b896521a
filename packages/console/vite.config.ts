import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into dist/ and served by the Haechi server at /; in development, API calls
// go to a server on :8080.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // The hashing library from source: pure TypeScript, no Node built-ins, runs as it is here.
      '@haechi/hashing': fileURLToPath(new URL('../hashing/src/index.ts', import.meta.url)),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
