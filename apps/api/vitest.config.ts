import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC, not esbuild/oxc, so Nest's constructor injection gets decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  test: {
    // Two cores: more files at once only makes each slower.
    maxWorkers: 2,
    projects: [
      {
        plugins,
        test: { name: 'unit', include: ['src/**/*.spec.ts'], environment: 'node' },
      },
      {
        plugins,
        test: {
          name: 'int',
          include: ['test/**/*.int-spec.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
