import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './test/support/chromium'

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts'],
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
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
