import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { expect, openWindow, test } from './fixtures'
import { call, registeredRedirectUri, writeOAuthConfig } from './flows'

/**
 * Journeys walked as a person would, in the smallest window the app supports: every click and
 * keystroke in the window is counted (by listeners in the page, so a test cannot forget one), the
 * counts go to test-results/journeys.json, and what the person needs at each step is checked to be
 * inside the viewport.
 */
test.use({ viewport: { width: 800, height: 600 } })

interface JourneyCounts {
  clicks: number
  keystrokes: number
  /** Clicks on Coze's own page in the browser, outside the app (approving). */
  browserClicks?: number
}

async function countInputs(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counts = { clicks: 0, keystrokes: 0 }
    ;(globalThis as unknown as { journeyCounts: typeof counts }).journeyCounts = counts
    // Runs in the page, where the global is the window (this file is typed for Node).
    const page = globalThis as unknown as {
      addEventListener(type: string, listener: () => void, capture: boolean): void
    }
    page.addEventListener('pointerdown', () => (counts.clicks += 1), true)
    page.addEventListener('keydown', () => (counts.keystrokes += 1), true)
  })
}

async function countsOf(page: Page): Promise<JourneyCounts> {
  return page.evaluate(
    () => (globalThis as unknown as { journeyCounts: JourneyCounts }).journeyCounts,
  )
}

const journeysFile = join('test-results', 'journeys.json')

/** Adds one journey's counts to journeys.json (tests run in parallel workers: read, merge, write). */
async function record(name: string, counts: JourneyCounts): Promise<void> {
  let all: Record<string, JourneyCounts> = {}
  try {
    all = JSON.parse(await readFile(journeysFile, 'utf8')) as Record<string, JourneyCounts>
  } catch {
    // First journey of the run.
  }
  all[name] = counts
  await mkdir(dirname(journeysFile), { recursive: true })
  await writeFile(journeysFile, `${JSON.stringify(all, null, 2)}\n`)
}

/** Fully inside the viewport: not merely partly visible. */
async function expectWhollyInView(locator: Locator): Promise<void> {
  await expect(locator).toBeInViewport({ ratio: 1 })
}

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`journeys (${locale})`, () => {
    test.use({ locale })

    test('(a) first launch with a ready-made app to a token on the clipboard', async ({
      page,
      context,
      sandbox,
      launcher,
      clipboard,
      workDir,
    }) => {
      const pkceApp = sandbox.regions.com.apps.pkce
      const redirectUri = await registeredRedirectUri(sandbox, 'pkce')
      const profilesDir = join(workDir, 'profiles')
      await mkdir(profilesDir)
      await writeOAuthConfig(
        profilesDir,
        { client_type: 'pkce', client_id: pkceApp.clientId, redirect_uris: [redirectUri] },
        'company-app.json',
      )
      const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-journey-'))
      const app = await startBrowserHostApp({
        port: 0,
        dataDir,
        browser: launcher,
        clipboard,
        bundledProfilesDir: profilesDir,
        regions: {
          com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
          cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
        },
      })
      try {
        await countInputs(page)
        await openWindow(page, app)
        const oneButton = page.getByTestId('empty-sign-in')
        await expectWhollyInView(oneButton)
        const opened = launcher.next()
        await oneButton.click()
        const card = page.getByTestId('sign-in-card')
        await expectWhollyInView(card)
        await expectWhollyInView(page.getByTestId('cancel-sign-in'))

        const browserTab = await context.newPage()
        await browserTab.goto(await opened)
        await browserTab.locator('#approve').click()

        await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
        const copy = page.getByTestId('copy-raw')
        await expect(copy).toBeVisible()
        await copy.scrollIntoViewIfNeeded()
        await copy.click()
        const [account] = await call(app, 'listAccounts')
        if (!account) throw new Error('no account')
        const { token } = await call(app, 'revealToken', { accountId: account.id })
        await expect.poll(() => clipboard.text).toBe(token)

        const counts = { ...(await countsOf(page)), browserClicks: 1 }
        await record(`a-ready-made-app-${locale}`, counts)
        expect(counts.clicks).toBeLessThanOrEqual(2)
        expect(counts.keystrokes).toBe(0)
      } finally {
        await app.stop()
        await rm(dataDir, { recursive: true, force: true })
      }
    })

    test('(c) device: the code and the QR code wholly in view while waiting', async ({
      page,
      hostApp,
      sandbox,
    }) => {
      await call(hostApp, 'addProfile', {
        name: 'Command-line tool',
        region: 'com',
        clientType: 'device',
        clientId: sandbox.regions.com.apps.device.clientId,
      })
      await countInputs(page)
      await openWindow(page, hostApp)
      await page.getByTestId('nav-add-account').click()
      await page.getByTestId('way-device').click()
      const code = page.getByTestId('device-user-code')
      await expect(code).not.toBeEmpty()
      await expectWhollyInView(page.getByTestId('sign-in-card-title'))
      await expectWhollyInView(code)
      await expectWhollyInView(page.getByTestId('device-qr'))
      await expectWhollyInView(page.getByTestId('device-countdown'))
      await expectWhollyInView(page.getByTestId('cancel-sign-in'))
      // Nothing of the start screen is left while the code waits.
      await expect(page.getByTestId('sign-in-ways')).toHaveCount(0)
      const counts = await countsOf(page)
      await record(`c-device-${locale}`, counts)
      expect(counts.clicks).toBe(2)
      expect(counts.keystrokes).toBe(0)
      await page.screenshot({
        path: join('test-results', 'screens', `journey-device-${locale}.png`),
      })
    })
  })
}
