import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'apps/api/src/generated/**', 'e2e/test-results/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Config is parsed once at boot; nothing else reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from AppConfig, parsed once at boot.' },
      ],
    },
  },
  {
    files: [
      'apps/api/src/main.ts',
      'apps/api/src/cli/**',
      // Tooling for tests, E2E and benchmarks, never loaded by the server.
      'apps/api/src/dev/**',
      'apps/api/src/bench/**',
      'apps/api/scripts/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/test/**',
      'e2e/**',
      'packages/cli/**',
      'packages/mcp-server/**',
      '**/vite.config.ts',
      '**/vitest.config.ts',
    ],
    rules: {
      'no-restricted-properties': 'off',
      // Tests read untyped JSON bodies; asserting on them is the point.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
