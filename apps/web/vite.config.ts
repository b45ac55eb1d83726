import { constants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    react(),
    // `<file>.br` and `<file>.gz` next to each asset, at the highest levels (once, at build
    // time); the API serves them to clients that accept them (@fastify/static `preCompressed`).
    compression({
      include: /\.(js|css|svg|json)$/,
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
    }),
  ],
  server: {
    // `npm run dev` here talks to an API started separately on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    // Maps are built for debugging, but no file names them: browsers need not know, and
    // visitors do not download the reference line.
    sourcemap: 'hidden',
    // scripts/report-size.mjs reads it to measure what the public chat route downloads.
    manifest: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
