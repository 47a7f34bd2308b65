import { expect, openWindow, test } from './fixtures'
import {
  accountsOf,
  call,
  chooseRegion,
  openAddAccount,
  openSettings,
  pasteToken,
  registeredRedirectUri,
  waitForAccounts,
} from './flows'
import { expectNoSecret } from './support/secrets'

/** Chinese characters: a text in this range was translated, not left in English. */
const hanzi = /[\u4e00-\u9fff]/

test.describe('the language switch', () => {
  test('switching to Chinese changes every text and html[lang], and is kept', async ({
    page,
    hostApp,
  }) => {
    await openWindow(page, hostApp)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    const nav = page.getByTestId('nav-accounts')
    const englishNav = (await nav.innerText()).trim()
    expect(englishNav).not.toMatch(hanzi)
    await expect(page.getByTestId('empty-use-token')).not.toContainText(hanzi)

    // The window's one language picker is in Settings.
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('settings-language').selectOption('zh-CN')
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await page.getByTestId('nav-accounts').click()
    await expect(nav).toContainText(hanzi)
    await expect(nav).not.toHaveText(englishNav)
    await expect(page.getByTestId('empty-use-token')).toContainText(hanzi)
    await expect(page.getByTestId('app-info')).toContainText(hanzi)
    // The choice is a setting: main keeps it, and the next start opens in Chinese.
    await expect.poll(async () => (await call(hostApp, 'getSettings')).language).toBe('zh-CN')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(nav).toContainText(hanzi)

    // The other screens are translated too, and Settings shows the same choice.
    await page.getByTestId('nav-add-account').click()
    await expect(page.getByTestId('way-browser')).toContainText(hanzi)
    await openSettings(page)
    await expect(page.getByTestId('settings-language')).toHaveValue('zh-CN')
    await page.getByTestId('settings-language').selectOption('en')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(nav).toHaveText(englishNav)
    await expect.poll(async () => (await call(hostApp, 'getSettings')).language).toBe('en')
  })
})

test.describe('errors a person can run into', () => {
  test('denied consent: a plain message, what to do next, the details folded away', async ({
    page,
    context,
    hostApp,
    sandbox,
    launcher,
  }) => {
    const profile = await call(hostApp, 'addProfile', {
      name: 'Desktop app',
      region: 'com',
      clientType: 'pkce',
      clientId: sandbox.regions.com.apps.pkce.clientId,
      redirectUri: await registeredRedirectUri(sandbox, 'pkce'),
    })
    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    // The only app of the region is used without asking.
    expect(profile.clientType).toBe('pkce')
    const opened = launcher.next()
    await page.getByTestId('way-browser').click()

    const browserTab = await context.newPage()
    await browserTab.goto(await opened)
    await browserTab.locator('#deny').click()

    const notice = page.getByTestId('error-notice')
    await expect(notice).toBeVisible()
    await expect(notice).toHaveAttribute('data-code', 'ACCESS_DENIED')
    // Plain words first: no error code and no OAuth jargon in what is shown unfolded.
    const shown = await notice.locator('p').allInnerTexts()
    expect(shown.join(' ')).not.toMatch(/ACCESS_DENIED|access_denied/)
    expect(shown.join(' ').length).toBeGreaterThan(20)
    const code = notice.getByTestId('error-code')
    await expect(code).toBeHidden()
    await notice.locator('summary').click()
    await expect(code).toBeVisible()
    await expect(code).toHaveText('ACCESS_DENIED')
    await expect(page.getByTestId('sign-in-retry')).toBeVisible()
    expect(await accountsOf(hostApp)).toEqual([])
  })

  test('a coze.cn token pasted as coze.com: the wrong-region message, then Switch', async ({
    page,
    hostApp,
    sandbox,
  }) => {
    await openWindow(page, hostApp)
    await pasteToken(page, { token: sandbox.regions.cn.pat, region: 'com' })
    const notice = page.getByTestId('error-notice')
    await expect(notice).toHaveAttribute('data-code', 'WRONG_REGION')
    await expect(notice).toContainText('coze.cn')
    expect(await accountsOf(hostApp)).toEqual([])

    await page.getByTestId('switch-region').click()
    await expect(page.getByTestId('account-detail')).toBeVisible()
    const [account] = await waitForAccounts(hostApp, 1)
    expect(account).toMatchObject({ region: 'cn', method: 'pat' })
    await expect(page.getByTestId('account-row-region')).toContainText('coze.cn')
    // The token is the cn PAT and is still not in the page.
    await expectNoSecret(page, sandbox.regions.cn.pat)
  })
})
