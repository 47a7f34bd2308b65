import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openWindow, test } from './fixtures'
import {
  accountsOf,
  addPatDirectly,
  call,
  dateTimeInPage,
  openSettings,
  signInWithPkceDirectly,
  tokenRequests,
} from './flows'
import { expectNoSecret } from './support/secrets'

/** Opens an account from the list (the list may already show it open). */
async function openAccountRow(page: Page, accountId: string): Promise<void> {
  await page.getByTestId('nav-accounts').click()
  await page.locator(`[data-testid="account-row"][data-account-id="${accountId}"]`).click()
  await expect(page.getByTestId('account-detail')).toBeVisible()
}

test.describe('what a person does with an account', () => {
  test('the account shows its picture, fetched by main and handed over as a data: URL', async ({
    page,
    hostApp,
    sandbox,
  }) => {
    const account = await addPatDirectly(hostApp, sandbox)
    await openWindow(page, hostApp)
    const row = page.locator(`[data-testid="account-row"][data-account-id="${account.id}"]`)
    // The first listing shows initials; main's "changed" brings the picture once it is in.
    await expect(row.locator('img')).toHaveAttribute('src', /^data:image\/png;base64,/)
    await expect
      .poll(() =>
        row
          .locator('img')
          .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0)
    await openAccountRow(page, account.id)
    await expect(page.locator('[data-testid="account-detail"] header img')).toHaveAttribute(
      'src',
      /^data:image\/png;base64,/,
    )
    // Main fetched it once; the page itself asked the sandbox for no picture.
    const pictureRequests = sandbox.requests.filter((request) =>
      request.path.startsWith('/static/avatar/'),
    )
    expect(pictureRequests).toHaveLength(1)
    expect(pictureRequests[0]?.headers['user-agent']).toBe('coze-auth-companion')
  })

  test('copy: every format lands on the clipboard exactly, and is cleared later', async ({
    page,
    hostApp,
    sandbox,
    clipboard,
  }) => {
    const account = await addPatDirectly(hostApp, sandbox)
    const token = sandbox.regions.com.pat
    // The sandbox is not api.coze.com, so the snippets carry its address as well.
    const apiBase = sandbox.regions.com.apiBase
    const expected = {
      raw: token,
      export: `export COZE_API_TOKEN=${token} COZE_API_BASE=${apiBase}`,
      header: `Authorization: Bearer ${token}`,
      curl: `curl -s ${apiBase}/v1/users/me -H 'Authorization: Bearer ${token}'`,
      dotenv: `COZE_API_TOKEN=${token}\nCOZE_API_BASE=${apiBase}`,
    }

    await openWindow(page, hostApp)
    await openAccountRow(page, account.id)
    // Each format from the Copy button's menu; the main button then copies in the one chosen.
    for (const [format, text] of Object.entries(expected)) {
      await page.getByTestId('copy-menu-button').click()
      await page.getByTestId(`copy-${format}`).click()
      await expect.poll(() => clipboard.text, { message: `copy-${format}` }).toBe(text)
      await expect(page.getByTestId('copy-status')).toBeVisible()
    }
    clipboard.forget()
    await expect(page.getByTestId('copy-token')).toHaveAttribute('data-format', 'dotenv')
    await page.getByTestId('copy-token').click()
    await expect.poll(() => clipboard.history.map((event) => event.kind)).toEqual(['write-secret'])
    expect(clipboard.text).toBe(expected.dotenv)
    // Main wrote it; the page never held the token.
    await expectNoSecret(page, token)

    // A short delay, set in Settings, then one more copy: the clipboard empties by itself.
    await openSettings(page)
    await setClipboardDelay(page, 1)
    await expect
      .poll(async () => (await call(hostApp, 'getSettings')).clipboardClearSeconds)
      .toBe(1)
    await openAccountRow(page, account.id)
    clipboard.forget()
    await page.getByTestId('copy-menu-button').click()
    await page.getByTestId('copy-export').click()
    await expect.poll(() => clipboard.text).toBe(expected.export)
    await expect.poll(() => clipboard.text, { timeout: 5_000 }).toBe('')
    expect(clipboard.history.map((event) => event.kind)).toEqual(['write-secret', 'clear'])
  })

  test('copy from the list: Ctrl+C on a row, without opening the account', async ({
    page,
    hostApp,
    sandbox,
    clipboard,
  }) => {
    await addPatDirectly(hostApp, sandbox)
    await openWindow(page, hostApp)
    await page.getByTestId('account-list').focus()
    await page.keyboard.press('Control+c')
    await expect.poll(() => clipboard.text).toBe(sandbox.regions.com.pat)
    await expect(page.getByTestId('quick-copy-status')).toContainText('clears in')
    await expect(page.getByTestId('account-detail')).toHaveCount(0)
    await expectNoSecret(page, sandbox.regions.com.pat)
  })

  test('refresh: the access token is renewed and its expiry moves', async ({
    page,
    hostApp,
    sandbox,
    launcher,
  }) => {
    const account = await signInWithPkceDirectly(hostApp, sandbox, launcher)
    const before = account.accessTokenExpiresAt ?? 0
    await openWindow(page, hostApp)
    await openAccountRow(page, account.id)
    const expiry = page.getByTestId('detail-access-expiry')
    await expect(expiry).toContainText(await dateTimeInPage(page, before))

    // Five minutes pass at Coze: the renewed token expires five minutes later than the old one.
    sandbox.clock.advance(5 * 60)
    await page.getByTestId('refresh-account').click()
    await expect
      .poll(async () => (await accountsOf(hostApp))[0]?.accessTokenExpiresAt ?? 0)
      .toBeGreaterThanOrEqual(before + 5 * 60 * 1000)
    const after = (await accountsOf(hostApp))[0]?.accessTokenExpiresAt ?? 0
    await expect(expiry).toContainText(await dateTimeInPage(page, after))
    await expect(expiry).not.toContainText(await dateTimeInPage(page, before))
    await expect(page.getByTestId('last-refresh')).toHaveAttribute('data-ok', 'true')

    const refreshes = tokenRequests(sandbox).filter((request) =>
      request.bodyKeys.includes('refresh_token'),
    )
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]?.status).toBe(200)
  })

  test('rename: the new name is kept', async ({ page, hostApp, sandbox }) => {
    const account = await addPatDirectly(hostApp, sandbox)
    await openWindow(page, hostApp)
    await openAccountRow(page, account.id)
    await page.getByTestId('rename-account').click()
    await page.getByTestId('rename-input').fill('Production token')
    await page.getByTestId('rename-save').click()
    await expect(page.getByTestId('detail-label')).toContainText('Production token')
    await expect(page.getByTestId('account-row-label')).toContainText('Production token')
    expect((await accountsOf(hostApp))[0]?.label).toBe('Production token')
  })

  test('remove: at once, with Undo for a few seconds; undone it is back, else it is deleted', async ({
    page,
    hostApp,
    sandbox,
  }, testInfo) => {
    const account = await addPatDirectly(hostApp, sandbox)
    await openWindow(page, hostApp)
    await openAccountRow(page, account.id)

    await page.getByTestId('remove-account').click()
    await expect(page.getByTestId('accounts-empty')).toBeVisible()
    const undo = page.getByTestId('undo-remove')
    await expect(undo).toBeInViewport({ ratio: 1 })
    await page.screenshot({
      path: join(testInfo.project.outputDir, 'screens', 'account-removed-undo-window.png'),
      animations: 'disabled',
      caret: 'hide',
    })
    expect(await accountsOf(hostApp)).toEqual([])
    await undo.click()
    await expect(page.getByTestId('account-detail')).toBeVisible()
    await expect(page.getByTestId('account-row')).toHaveCount(1)
    expect((await accountsOf(hostApp)).map((a) => a.id)).toEqual([account.id])
    // Its token came back with it.
    expect((await call(hostApp, 'revealToken', { accountId: account.id })).token).toBe(
      sandbox.regions.com.pat,
    )

    await page.getByTestId('remove-account').click()
    await expect(page.getByTestId('accounts-empty')).toBeVisible()
    // The undo time over (a stop carries it out at once), the offer goes and so does the token.
    await hostApp.services.core.accounts.finishPendingRemovals()
    await undo.click()
    await expect(page.getByTestId('undo-error')).toBeVisible()
    await expect(page.getByTestId('account-row')).toHaveCount(0)
    expect(await accountsOf(hostApp)).toEqual([])
  })
})

/** The clipboard delay field may be a number input or a list of choices. */
async function setClipboardDelay(page: Page, seconds: number): Promise<void> {
  const field = page.getByTestId('settings-clipboard-delay')
  const tag = await field.evaluate((element) => element.tagName.toLowerCase())
  if (tag === 'select') await field.selectOption(String(seconds))
  else {
    await field.fill(String(seconds))
    await field.blur()
  }
}
