import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { startSandbox } from '../sandbox'
import type { Sandbox } from '../sandbox'
import { createManualClock } from '../support/manual-clock'
import type { ManualClock } from '../support/manual-clock'
import { expect, openWindow, test as base } from './fixtures'
import {
  accountsOf,
  call,
  chooseRegion,
  openAddAccount,
  openOtherApp,
  registeredRedirectUri,
} from './flows'

/**
 * A PKCE app of coze.cn signed in as coze.com, in the window. Where the sandbox's answers tell
 * (the device-code endpoint refuses an app it does not have), the window says WRONG_REGION before
 * any browser opens. Where nothing tells (a server that checks the code before the client, and a
 * device-code endpoint that fails), the waiting card asks after a minute, on the host's clock,
 * whether the app is on the other region. That clock is a manual one that also follows real time,
 * so the test jumps the minute instead of waiting it.
 */

const deviceCodePath = '/api/permission/oauth2/device/code'
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's findings on the page as it is now, as "rule: html" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: axePath })
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe
    const result = (await axe.run()) as {
      violations: { id: string; nodes: { html: string }[] }[]
    }
    return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html}`))
  })
}

const test = base.extend<{ hostClock: ManualClock }>({
  // eslint-disable-next-line no-empty-pattern
  hostClock: async ({}, use) => {
    await use(createManualClock({ followRealTime: true }))
  },
  // The notes leave open which the code grant checks first: this Coze checks the code.
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await startSandbox({ codeGrantOrder: 'code-first' })
    await use(sandbox)
    await sandbox.stop()
  },
  hostApp: async ({ sandbox, launcher, clipboard, hostClock }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-host-'))
    const app = await startBrowserHostApp({
      port: 0,
      dataDir,
      browser: launcher,
      clipboard,
      clock: hostClock,
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

/** A profile filed under coze.com for coze.cn's PKCE app (a loopback redirect registered there). */
async function addMisfiledProfile(app: BrowserHostApp, sandbox: Sandbox): Promise<string> {
  const profile = await call(app, 'addProfile', {
    name: 'Team desktop app',
    region: 'com',
    clientType: 'pkce',
    clientId: sandbox.regions.cn.apps.pkce.clientId,
    redirectUri: await registeredRedirectUri(sandbox, 'pkce', 'cn'),
  })
  return profile.id
}

async function startSignIn(page: Page, profileId: string): Promise<void> {
  await openAddAccount(page)
  await chooseRegion(page, 'com')
  await openOtherApp(page)
  await page.getByTestId('profile-select').selectOption(profileId)
  await page.getByTestId('way-browser').click()
}

/** The person approves on the consent page the browser was sent to, in a tab of its own. */
async function approveIn(page: Page, url: string): Promise<void> {
  const tab = await page.context().newPage()
  await tab.goto(url)
  await tab.locator('#approve').click()
  // Back on the app's own loopback page: the answer has reached the app.
  await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
  await tab.close()
}

async function expectSignedInOnCn(page: Page, app: BrowserHostApp): Promise<void> {
  await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
  const accounts = await accountsOf(app)
  expect(accounts).toHaveLength(1)
  expect(accounts[0]).toMatchObject({ region: 'cn', method: 'pkce', status: 'active' })
}

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
}

// The smallest window the app supports; axe-core is injected as an inline script, hence bypassCSP.
test.use({ bypassCSP: true, viewport: { width: 800, height: 600 } })

test('the device-code answer gives it away: WRONG_REGION before any browser, then Switch', async ({
  page,
  hostApp,
  sandbox,
  launcher,
}) => {
  const profileId = await addMisfiledProfile(hostApp, sandbox)
  await openWindow(page, hostApp)
  await startSignIn(page, profileId)

  const notice = page.getByTestId('error-notice')
  await expect(notice).toHaveAttribute('data-code', 'WRONG_REGION')
  await expect(notice).toContainText('coze.cn')
  expect(launcher.opened).toEqual([])

  const opened = launcher.next()
  await page.getByTestId('switch-region').click()
  const authorizeUrl = await opened
  expect(new URL(authorizeUrl).origin).toBe(sandbox.regions.cn.wwwBase)
  await approveIn(page, authorizeUrl)
  await expectSignedInOnCn(page, hostApp)
})

for (const { browserLocale, appLocale, text } of [
  {
    browserLocale: 'en-US',
    appLocale: 'en',
    text: 'Nothing arrived. Is this app on the other region?',
  },
  {
    browserLocale: 'zh-CN',
    appLocale: 'zh-CN',
    text: '还没有收到回应。这个应用是否在另一个区域？',
  },
] as const) {
  test.describe(`when nothing tells (${appLocale})`, () => {
    test.use({ locale: browserLocale })

    test('the waiting card asks at 60 s, and Switch signs in on coze.cn', async ({
      page,
      hostApp,
      sandbox,
      launcher,
      hostClock,
    }, testInfo) => {
      sandbox.faults.next('all', { kind: 'http500', path: deviceCodePath, count: Infinity })
      const profileId = await addMisfiledProfile(hostApp, sandbox)
      await openWindow(page, hostApp)
      await expect(page.locator('html')).toHaveAttribute('lang', appLocale)
      const opened = launcher.next()
      await startSignIn(page, profileId)
      const authorizeUrl = await opened
      await expect(page.getByTestId('sign-in-waiting')).toBeVisible()

      // The person's browser lands on coze.com's refusal: no answer will ever come back.
      const tab = await page.context().newPage()
      await tab.goto(authorizeUrl)
      await expect(tab.locator('#error-message, #error').first()).toContainText('app not found')
      await tab.close()

      // 59 s against 60 s is checked on main's events (no-answer-hint.test.ts), where nothing is
      // in flight; here the minute is jumped and the window must show what main then said.
      await hostClock.whenSleeping(60_000)
      await expect(page.getByTestId('sign-in-no-answer')).toHaveCount(0)
      await hostClock.advance(60_000)
      const hint = page.getByTestId('sign-in-no-answer')
      await expect(hint).toContainText(text)
      await expect(hint).toHaveAttribute('data-other-region', 'cn')
      const switchButton = page.getByTestId('no-answer-switch-region')
      await expect(switchButton).toBeInViewport()
      await expect(page.getByTestId('cancel-sign-in')).toBeVisible()

      if (appLocale === 'zh-CN' && !hasChineseFont()) {
        testInfo.annotations.push({
          type: 'warning',
          description: 'No font with Chinese glyphs: the zh-CN screenshot shows boxes.',
        })
      }
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        expect(await axeViolations(page)).toEqual([])
        const path = join(
          testInfo.project.outputDir,
          'screens',
          `sign-in-no-answer-${appLocale}-${scheme}.png`,
        )
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
        await testInfo.attach(`sign-in-no-answer-${scheme}`, { path, contentType: 'image/png' })
      }
      await page.emulateMedia({ colorScheme: 'light' })

      const reopened = launcher.next()
      await switchButton.click()
      const cnUrl = await reopened
      expect(new URL(cnUrl).origin).toBe(sandbox.regions.cn.wwwBase)
      // The card stays: the sign-in runs again, now on coze.cn.
      await expect(page.getByTestId('sign-in-waiting')).toBeVisible()
      await expect(page.getByTestId('sign-in-no-answer')).toHaveCount(0)
      await approveIn(page, cnUrl)
      await expectSignedInOnCn(page, hostApp)
    })
  })
}
