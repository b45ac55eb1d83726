import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.int-spec.ts'],
    environment: 'node',
    // One API process per file, on its own fresh database, with its own HOME and
    // config directory: files are independent. Most of a test is waiting on
    // spawned CLI processes and the API, so two files at once overlap that.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
