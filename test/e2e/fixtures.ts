import { test as base, expect } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Each test gets its own browser host on a random port, with the real main-process services and
 * the built renderer (`npm run build` first; `npm test` does it).
 */
export const test = base.extend<{ hostApp: BrowserHostApp }>({
  // Playwright requires the destructuring pattern, even when the fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  hostApp: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-host-'))
    const app = await startBrowserHostApp({
      port: 0,
      dataDir,
      browser: new RecordingBrowserLauncher(),
    })
    await use(app)
    await app.stop()
    await rm(dataDir, { recursive: true, force: true })
  },
})

export { expect }
