import { test as base, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import { RecordingClipboard } from '../support/recording-clipboard'
import { startSandbox } from '../sandbox'
import type { Sandbox } from '../sandbox'

export interface E2eFixtures {
  /** A fake coze.com and coze.cn on loopback, new for each test (it starts in about a millisecond). */
  sandbox: Sandbox
  /** Plays the system browser: it records the addresses the app asked it to open. */
  launcher: RecordingBrowserLauncher
  /** The browser host with the real main-process services, talking to the sandbox. */
  hostApp: BrowserHostApp
  /** The host's clipboard, which remembers what was written and cleared. */
  clipboard: RecordingClipboard
  /** A private folder for the files a person would pick (keys, profile files); removed afterwards. */
  workDir: string
}

/**
 * Each test gets its own sandbox, its own browser host on a random port and its own data folder,
 * so no account, setting or sandbox clock leaks from one test into another. The renderer is the
 * built one (`npx electron-vite build` first; `npm test` does it).
 */
export const test = base.extend<E2eFixtures>({
  // Playwright requires the destructuring pattern, even when the fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await startSandbox()
    await use(sandbox)
    await sandbox.stop()
  },
  // eslint-disable-next-line no-empty-pattern
  launcher: async ({}, use) => {
    await use(new RecordingBrowserLauncher())
  },
  // eslint-disable-next-line no-empty-pattern
  clipboard: async ({}, use) => {
    await use(new RecordingClipboard())
  },
  // eslint-disable-next-line no-empty-pattern
  workDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'coze-e2e-files-'))
    await use(dir)
    await rm(dir, { recursive: true, force: true })
  },
  hostApp: async ({ sandbox, launcher, clipboard }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-host-'))
    const app = await startBrowserHostApp({
      port: 0,
      dataDir,
      browser: launcher,
      clipboard,
      regions: {
        com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
        cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
      },
    })
    await use(app)
    await app.stop()
    await rm(dataDir, { recursive: true, force: true })
  },
})

/** Opens the window and waits until its first call through the bridge has been answered. */
export async function openWindow(page: Page, app: BrowserHostApp): Promise<void> {
  await page.goto(app.host.url)
  await expect(page.getByTestId('app-info')).not.toBeEmpty()
}

export { expect }
