import { test as base, expect } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'

/**
 * Each test gets its own browser host on a random port, with the real main-process services and
 * the built renderer (`npm run build` first; `npm test` does it).
 */
export const test = base.extend<{ hostApp: BrowserHostApp }>({
  // Playwright requires the destructuring pattern, even when the fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  hostApp: async ({}, use) => {
    const app = await startBrowserHostApp({ port: 0 })
    await use(app)
    await app.stop()
  },
})

export { expect }
