import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './test/support/chromium'

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts'],
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // A bound for a stuck test, not a speed check: a whole sign-in on a busy 2-core machine can take
  // most of half a minute, and the outcome must not depend on the machine's load.
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    // A missing element fails in seconds, not at the end of the whole test's time.
    actionTimeout: 10_000,
    launchOptions: chromiumLaunchOptions,
  },
})
