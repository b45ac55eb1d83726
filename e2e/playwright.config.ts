import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot work offline.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  // Files run side by side, each file's tests in order in one worker (a file's
  // beforeAll instance serves its tests). Files are independent: every test
  // makes its own account and data, and a spec needing other settings starts an
  // instance of its own. Much of a run is waiting (streams, a rate-limit window,
  // token expiries), so two workers overlap those waits.
  fullyParallel: false,
  workers: 2,
  // A flaky test is a bug to fix, not to retry.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
