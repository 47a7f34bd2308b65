import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { consoleTokenPages } from '../../src/shared/console-pages'
import { expect, openWindow, test } from './fixtures'
import {
  call,
  registeredRedirectUri,
  signInWithPkceDirectly,
  tokenRequests,
  writeOAuthConfig,
  writePrivateKey,
} from './flows'
import { expectNoSecret } from './support/secrets'

/**
 * Journeys walked as a person would, in the smallest window the app supports: every click and
 * keystroke in the window is counted (by listeners in the page, so a test cannot forget one), the
 * counts go to test-results/journeys.json, and what the person needs at each step is checked to be
 * inside the viewport.
 */
test.use({ viewport: { width: 800, height: 600 } })

interface JourneyCounts {
  clicks: number
  /** Keys pressed, other than a paste (Ctrl+V or ⌘V, counted under `pastes`). */
  keystrokes: number
  pastes: number
  /** Clicks on Coze's own page in the browser, outside the app (approving). */
  browserClicks?: number
}

async function countInputs(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counts = { clicks: 0, keystrokes: 0, pastes: 0 }
    ;(globalThis as unknown as { journeyCounts: typeof counts }).journeyCounts = counts
    // Runs in the page, where the global is the window (this file is typed for Node).
    interface Key {
      key: string
      ctrlKey: boolean
      metaKey: boolean
    }
    const page = globalThis as unknown as {
      addEventListener(type: string, listener: (event: Key) => void, capture: boolean): void
    }
    const modifiers = ['Control', 'Meta', 'Shift', 'Alt']
    page.addEventListener('pointerdown', () => (counts.clicks += 1), true)
    page.addEventListener(
      'keydown',
      (event) => {
        // The keys of a paste chord are the paste, counted once, by the paste event itself.
        if (modifiers.includes(event.key)) return
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'v') return
        counts.keystrokes += 1
      },
      true,
    )
    page.addEventListener('paste', () => (counts.pastes += 1), true)
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

/**
 * What the person sees at that step, the window as it is (800×600, not the whole page): for
 * people to check that nothing needed is below the fold, in both languages.
 */
async function windowShot(page: Page, name: string, locale: string): Promise<void> {
  await page.screenshot({
    path: join('test-results', 'screens', `journey-${name}-${locale}-window.png`),
    animations: 'disabled',
    caret: 'hide',
  })
}

/** Fully inside the viewport: not merely partly visible. */
async function expectWhollyInView(locator: Locator): Promise<void> {
  await expect(locator).toBeInViewport({ ratio: 1 })
}

function rowOf(page: Page, accountId: string): Locator {
  return page.locator(`[data-testid="account-row"][data-account-id="${accountId}"]`)
}

/**
 * The few texts of the window these journeys read, as the person does (the e2e project does not
 * compile the renderer, so they are written out here: a changed text fails here, on purpose).
 */
const windowTexts = {
  'en-US': {
    listStateFresh: 'Fresh',
    listStateRefreshFailed: 'Refresh failed',
    detailUnknown: 'Unknown',
    detailSignInAgain: 'Sign in again',
    detailGetNewToken: 'Get a new token',
  },
  'zh-CN': {
    listStateFresh: '有效',
    listStateRefreshFailed: '刷新失败',
    detailUnknown: '未知',
    detailSignInAgain: '重新登录',
    detailGetNewToken: '获取新令牌',
  },
} as const

function textsOf(locale: 'en-US' | 'zh-CN') {
  return windowTexts[locale]
}

/**
 * What the window says about one account: its row and its view. (The list's status filter names
 * every state, "Needs sign-in" included, whichever accounts there are.)
 */
async function accountText(page: Page, accountId: string): Promise<string> {
  const row = await rowOf(page, accountId).innerText()
  const detail = await page.getByTestId('account-detail').innerText()
  return `${row}\n${detail}`
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
        await expect(page.getByTestId('authorize-url')).toBeVisible()
        await windowShot(page, 'browser-card', locale)
        const card = page.getByTestId('sign-in-card')
        await expectWhollyInView(card)
        await expectWhollyInView(page.getByTestId('cancel-sign-in'))

        const browserTab = await context.newPage()
        await browserTab.goto(await opened)
        await browserTab.locator('#approve').click()

        await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
        // The new account opens on its main job: Copy has the focus, in view.
        const copy = page.getByTestId('copy-token')
        await expect(copy).toBeFocused()
        await windowShot(page, 'new-account', locale)
        await expectWhollyInView(copy)
        await copy.click()
        const [account] = await call(app, 'listAccounts')
        if (!account) throw new Error('no account')
        const { token } = await call(app, 'revealToken', { accountId: account.id })
        await expect.poll(() => clipboard.text).toBe(token)

        const counts = { ...(await countsOf(page)), browserClicks: 1 }
        await record(`a-ready-made-app-${locale}`, counts)
        expect(counts.clicks).toBeLessThanOrEqual(2)
        expect(counts.keystrokes).toBe(0)
        expect(counts.pastes).toBe(0)
      } finally {
        await app.stop()
        await rm(dataDir, { recursive: true, force: true })
      }
    })

    test('(b) no ready-made app: a token from the console, added and copied', async ({
      page,
      context,
      hostApp,
      sandbox,
      clipboard,
    }) => {
      // The console's token page, stood in for: the test has no network, and what matters is
      // that the window opens exactly that page for the region.
      await context.route(consoleTokenPages.com, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="en"><title>Coze console</title><h1>Personal access tokens</h1></html>',
        }),
      )
      await context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const token = sandbox.regions.com.pat
      await countInputs(page)
      await openWindow(page, hostApp)

      // The empty window, with no Coze app shipped: its one button is the console's token.
      const useToken = page.getByTestId('empty-use-token')
      await expectWhollyInView(useToken)
      await useToken.click()
      const consoleButton = page.getByTestId('console-open')
      await expectWhollyInView(consoleButton)
      await expectWhollyInView(page.getByTestId('paste-token'))
      await expectWhollyInView(page.getByTestId('add-pasted-token'))
      await windowShot(page, 'paste', locale)

      // The console opens in the browser; there the person makes the token and copies it.
      const consoleTabOpens = context.waitForEvent('page')
      await consoleButton.click()
      const consoleTab = await consoleTabOpens
      await expect(consoleTab).toHaveURL(consoleTokenPages.com)
      await consoleTab.bringToFront()
      await consoleTab.evaluate(async (text) => {
        await (
          globalThis as unknown as {
            navigator: { clipboard: { writeText(t: string): Promise<void> } }
          }
        ).navigator.clipboard.writeText(text)
      }, token)
      await consoleTab.close()

      // Back in the window the token field has the focus: one paste adds the account.
      await page.bringToFront()
      await expect(page.getByTestId('paste-token')).toBeFocused()
      await page.keyboard.press('ControlOrMeta+V')
      await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
      const [account] = await call(hostApp, 'listAccounts')
      expect(account?.method).toBe('pat')

      // It opens on Copy, which hands the token to main's clipboard.
      const copy = page.getByTestId('copy-token')
      await expect(copy).toBeFocused()
      await expectWhollyInView(copy)
      await copy.click()
      await expect.poll(() => clipboard.text).toBe(token)

      const counts = await countsOf(page)
      await record(`b-console-token-${locale}`, counts)
      expect(counts.clicks).toBeLessThanOrEqual(3)
      expect(counts.pastes).toBe(1)
      expect(counts.keystrokes).toBe(0)
    })

    test('(b) by the clipboard: the window asks about the token copied on the console', async ({
      page,
      context,
      hostApp,
      sandbox,
      clipboard,
    }) => {
      await context.route(consoleTokenPages.com, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="en"><title>Coze console</title><h1>Personal access tokens</h1></html>',
        }),
      )
      const token = sandbox.regions.com.pat
      await countInputs(page)
      await openWindow(page, hostApp)
      await page.getByTestId('empty-use-token').click()
      const consoleTabOpens = context.waitForEvent('page')
      await page.getByTestId('console-open').click()
      const consoleTab = await consoleTabOpens
      // On the console the person copies the token: the desktop's clipboard, which main reads.
      clipboard.simulateUserCopy(token)
      await consoleTab.close()
      await page.bringToFront()
      // The window coming back into focus is when it looks.
      await page.evaluate(() =>
        (globalThis as unknown as { dispatchEvent(event: Event): boolean }).dispatchEvent(
          new Event('focus'),
        ),
      )

      const offer = page.getByTestId('clipboard-offer')
      await expect(offer).toBeVisible()
      await expectWhollyInView(page.getByTestId('clipboard-offer-add'))
      await windowShot(page, 'clipboard-offer', locale)
      // The window was told there is a token, never the token itself.
      await expectNoSecret(page, token)
      expect(await call(hostApp, 'listAccounts')).toEqual([])

      await page.getByTestId('clipboard-offer-add').click()
      await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
      // Added, the token is gone from the clipboard.
      expect(clipboard.text).toBe('')
      const copy = page.getByTestId('copy-token')
      await expect(copy).toBeFocused()
      await copy.click()
      await expect.poll(() => clipboard.text).toBe(token)
      expect(clipboard.history.map((event) => event.kind)).toEqual([
        'user-copy',
        'clear',
        'write-secret',
      ])

      const counts = await countsOf(page)
      await record(`b-clipboard-offer-${locale}`, counts)
      // The offer's "Add it" stands in for the paste: 3 clicks plus that one.
      expect(counts.clicks).toBeLessThanOrEqual(4)
      expect(counts.pastes).toBe(0)
      expect(counts.keystrokes).toBe(0)
    })

    test('(b) a token of the other region, pasted: the refusal and its switch in view', async ({
      page,
      hostApp,
      sandbox,
    }) => {
      await openWindow(page, hostApp)
      await page.getByTestId('empty-use-token').click()
      const field = page.getByTestId('paste-token')
      await field.fill(sandbox.regions.cn.pat)
      await page.getByTestId('add-pasted-token').click()
      // Where the eye is: the error and the way forward, without scrolling.
      const notice = page.getByTestId('error-notice')
      await expect(notice).toHaveAttribute('data-code', 'WRONG_REGION')
      await expectWhollyInView(page.getByTestId('switch-region'))
      await windowShot(page, 'paste-wrong-region', locale)
      await page.getByTestId('switch-region').click()
      await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
      const [account] = await call(hostApp, 'listAccounts')
      expect(account?.region).toBe('cn')
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
      await expect(page.getByTestId('way-device')).toBeEnabled()
      await windowShot(page, 'start', locale)
      for (const way of ['browser', 'device', 'paste', 'jwt']) {
        await expectWhollyInView(page.getByTestId(`way-${way}`))
      }
      await page.getByTestId('way-device').click()
      const code = page.getByTestId('device-user-code')
      await expect(code).not.toBeEmpty()
      await expect(page.getByTestId('device-qr')).toBeVisible()
      await windowShot(page, 'device-card', locale)
      await expectWhollyInView(page.getByTestId('sign-in-card-title'))
      await expectWhollyInView(code)
      await expectWhollyInView(page.getByTestId('device-qr'))
      await expectWhollyInView(page.getByTestId('device-countdown'))
      await expectWhollyInView(page.getByTestId('cancel-sign-in'))
      await expectWhollyInView(page.getByTestId('sign-in-stage'))
      await expectWhollyInView(page.getByTestId('sign-in-card'))
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

    test('(d) network down, then Refresh: the error beside the button and the row marked', async ({
      page,
      hostApp,
      sandbox,
      launcher,
    }) => {
      const texts = textsOf(locale)
      const account = await signInWithPkceDirectly(hostApp, sandbox, launcher)
      await countInputs(page)
      await openWindow(page, hostApp)
      const row = rowOf(page, account.id)
      await expect(row.locator('.expiry-badge')).toHaveText(texts.listStateFresh)
      await row.click()
      // Refresh is a secondary action, below Copy and the token: the person scrolls to it (a
      // wheel, not a click), and from there the button and its outcome share the view.
      const refresh = page.getByTestId('refresh-account')
      await refresh.scrollIntoViewIfNeeded()
      await expectWhollyInView(refresh)

      // The network goes down: every connection to the token endpoint is cut.
      sandbox.faults.next('all', {
        kind: 'drop',
        path: '/api/permission/oauth2/token',
        count: Infinity,
      })
      const before = tokenRequests(sandbox).length
      await refresh.click()
      const notice = page.getByTestId('refresh-error')
      await expect(notice.getByTestId('error-notice')).toHaveAttribute('data-code', 'NETWORK')
      await windowShot(page, 'refresh-failed', locale)
      expect(tokenRequests(sandbox).length).toBeGreaterThan(before)
      // Where the eye is: the notice right under the row holding the button, both in view.
      await expectWhollyInView(notice)
      await expectWhollyInView(refresh)
      const buttonBox = await refresh.boundingBox()
      const noticeBox = await notice.boundingBox()
      if (!buttonBox || !noticeBox) throw new Error('the button or the notice has no box')
      expect(noticeBox.y).toBeGreaterThanOrEqual(buttonBox.y + buttonBox.height)
      expect(noticeBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(48)
      // The row no longer says "Fresh".
      await expect(row).toHaveAttribute('data-refresh', 'failed')
      await expect(row.locator('.expiry-badge')).toHaveText(texts.listStateRefreshFailed)

      const counts = await countsOf(page)
      await record(`d-network-down-${locale}`, counts)
      expect(counts.clicks).toBe(2)
      expect(counts.keystrokes).toBe(0)

      // The account's Activity has it, newest first, with no answer from Coze and nothing secret.
      const latest = page.getByTestId('activity-entry').first()
      await expect(latest).toHaveAttribute('data-ok', 'false')
      await expect(latest).toHaveAttribute('data-action', 'refresh')
      await expect(page.getByTestId('activity-entry').last()).toHaveAttribute(
        'data-action',
        'sign-in',
      )
      await page.getByTestId('activity').scrollIntoViewIfNeeded()
      await windowShot(page, 'activity', locale)
      const { token } = await call(hostApp, 'revealToken', { accountId: account.id })
      await expectNoSecret(page, token)

      // The network back, a refresh clears both.
      sandbox.faults.clear()
      await refresh.click()
      await expect(notice).toHaveCount(0)
      await expect(row).not.toHaveAttribute('data-refresh', 'failed')
      await expect(row.locator('.expiry-badge')).toHaveText(texts.listStateFresh)
    })

    test('(e) the same person signed in twice is one account, its tokens replaced', async ({
      page,
      context,
      hostApp,
      sandbox,
      launcher,
    }) => {
      const first = await signInWithPkceDirectly(hostApp, sandbox, launcher)
      const { token: firstToken } = await call(hostApp, 'revealToken', { accountId: first.id })
      await countInputs(page)
      await openWindow(page, hostApp)
      await expect(page.getByTestId('account-row')).toHaveCount(1)

      // Again, through the window, with the same app, as the same person.
      await page.getByTestId('nav-add-account').click()
      await expect(page.getByTestId('way-browser')).toBeEnabled()
      const opened = launcher.next()
      await page.getByTestId('way-browser').click()
      const browserTab = await context.newPage()
      await browserTab.goto(await opened)
      // Left open, as in (a): closing it while its redirect to the loopback server is under way
      // once hung Playwright's close() until the test's time ran out.
      await browserTab.locator('#approve').click()

      await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
      await expect(page.getByTestId('copy-token')).toBeFocused()
      await windowShot(page, 'signed-in-again', locale)
      // One row, the same account, with new tokens.
      await expect(page.getByTestId('account-row')).toHaveCount(1)
      await expect(rowOf(page, first.id)).toHaveAttribute('aria-selected', 'true')
      const accounts = await call(hostApp, 'listAccounts')
      expect(accounts.map((account) => account.id)).toEqual([first.id])
      expect(accounts[0]?.label).toBe(first.label)
      const { token: secondToken } = await call(hostApp, 'revealToken', { accountId: first.id })
      expect(secondToken).not.toBe(firstToken)
      expect(accounts[0]?.tokenHint).not.toBe(first.tokenHint)

      const counts = await countsOf(page)
      await record(`e-signed-in-twice-${locale}`, { ...counts, browserClicks: 1 })
      expect(counts.clicks).toBe(2)
      expect(counts.keystrokes).toBe(0)
    })

    test('(f) a JWT account: a service app, never "Unknown", never "Sign in again"', async ({
      page,
      hostApp,
      sandbox,
      workDir,
    }) => {
      const texts = textsOf(locale)
      const key = await writePrivateKey(workDir, sandbox)
      const chosen = await call(hostApp, 'chooseFile', { purpose: 'private-key', path: key.path })
      if ('cancelled' in chosen) throw new Error('the key file was not taken')
      const profile = await call(hostApp, 'addProfile', {
        name: 'Billing robot',
        region: 'com',
        clientType: 'jwt',
        clientId: key.clientId,
        publicKeyId: key.keyId,
        privateKeyFileId: chosen.fileId,
      })
      const account = await call(hostApp, 'signIn', {
        signInId: 'journey-f',
        profileId: profile.id,
        region: 'com',
      })
      await countInputs(page)
      await openWindow(page, hostApp)
      await rowOf(page, account.id).click()
      await expect(page.getByTestId('detail-service-app')).toBeVisible()
      await expect(page.getByTestId('detail-user-name')).toHaveText('Billing robot')
      await expect(page.getByTestId('workspace-row').first()).toBeVisible()
      await windowShot(page, 'jwt-account', locale)
      const shown = await accountText(page, account.id)
      expect(shown).not.toContain(texts.detailUnknown)
      expect(shown.toLowerCase()).not.toContain(texts.detailSignInAgain.toLowerCase())

      // Its app removed, the next token cannot be minted: the way back is a new token.
      await call(hostApp, 'removeProfile', { profileId: profile.id })
      await page.getByTestId('refresh-account').click()
      const wayBack = page.getByTestId('sign-in-again')
      await expect(wayBack).toHaveText(texts.detailGetNewToken)
      await expectWhollyInView(wayBack)
      await windowShot(page, 'jwt-account-dead', locale)
      const dead = await accountText(page, account.id)
      expect(dead).not.toContain(texts.detailUnknown)
      // Not as the button, nor in the words of an error ("…then sign in again").
      expect(dead.toLowerCase()).not.toContain(texts.detailSignInAgain.toLowerCase())
      // And no client secret, which a service app does not have.
      expect(dead.toLowerCase()).not.toContain('client secret')
      expect(dead).not.toContain('客户端密钥')
      await record(`f-jwt-account-${locale}`, await countsOf(page))
    })
  })
}
