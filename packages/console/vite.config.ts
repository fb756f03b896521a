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
      // Human's face settings, shared with the server so both describe faces alike (pure data).
      '@haechi/faces': fileURLToPath(new URL('../faces/src/index.ts', import.meta.url)),
    },
  },
  // Human (face enrolment, about 1.6 MB) is its own chunk, loaded only when a victim asks for it.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
