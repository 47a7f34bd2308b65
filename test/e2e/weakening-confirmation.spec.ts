import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openWindow, test } from './fixtures'
import { call, openSettings } from './flows'

/**
 * Turning clipboard clearing off through the browser host: main refuses it until the person
 * confirms in the window's dialog, which sends the change back with main's one-time token.
 */
async function typeDelay(page: Page, seconds: number): Promise<void> {
  const field = page.getByTestId('settings-clipboard-delay')
  await field.fill(String(seconds))
  await field.blur()
}

test('turning clipboard clearing off asks first: cancel keeps it, confirm turns it off', async ({
  page,
  hostApp,
}) => {
  await openWindow(page, hostApp)
  await openSettings(page)
  const field = page.getByTestId('settings-clipboard-delay')
  await expect(field).toHaveValue('30')

  await typeDelay(page, 0)
  const dialog = page.getByRole('dialog', {
    name: 'Stop clearing copied tokens from the clipboard?',
  })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('after 30 seconds')
  // The safe answer has focus: Enter alone never agrees.
  await expect(page.getByTestId('weakening-confirm-no')).toBeFocused()
  await page.getByTestId('weakening-confirm-no').click()
  await expect(dialog).toBeHidden()
  await expect(field).toHaveValue('30')
  expect((await call(hostApp, 'getSettings')).clipboardClearSeconds).toBe(30)

  await typeDelay(page, 0)
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect((await call(hostApp, 'getSettings')).clipboardClearSeconds).toBe(30)

  await typeDelay(page, 0)
  await page.getByTestId('weakening-confirm-yes').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('settings-saved')).toHaveText('Saved')
  await expect.poll(async () => (await call(hostApp, 'getSettings')).clipboardClearSeconds).toBe(0)
  await expect(page.getByTestId('settings-clipboard-never-warning')).toBeVisible()

  // Back on: a stronger protection asks nothing.
  await typeDelay(page, 20)
  await expect.poll(async () => (await call(hostApp, 'getSettings')).clipboardClearSeconds).toBe(20)
  await expect(dialog).toBeHidden()
})

test('a page script that skips the dialog gets a question, not the change', async ({
  page,
  hostApp,
}) => {
  await openWindow(page, hostApp)
  // What a compromised window could run: the bridge call itself, with a token of its own making.
  const answer = await page.evaluate(async () => {
    // The e2e files are typed without the DOM library; the page has it.
    const storage = (
      globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
    ).sessionStorage
    const secret = storage.getItem('coze-companion.bridge-secret') ?? ''
    const response = await fetch('/__bridge/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-secret': secret },
      body: JSON.stringify({
        operation: 'updateSettings',
        request: { clipboardClearSeconds: 0, confirmationToken: 'made.up' },
      }),
    })
    return (await response.json()) as { ok: boolean; error?: { code: string } }
  })
  expect(answer).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
  expect((await call(hostApp, 'getSettings')).clipboardClearSeconds).toBe(30)
})

for (const { browserLocale, appLocale, title } of [
  {
    browserLocale: 'en-US',
    appLocale: 'en',
    title: 'Stop clearing copied tokens from the clipboard?',
  },
  { browserLocale: 'zh-CN', appLocale: 'zh-CN', title: '不再自动清除剪贴板中的令牌？' },
] as const) {
  test.describe(`the question at 800×600 (${appLocale})`, () => {
    test.use({ locale: browserLocale, viewport: { width: 800, height: 600 } })

    test('fits the window, light and dark', async ({ page, hostApp }, testInfo) => {
      await openWindow(page, hostApp)
      await openSettings(page)
      await typeDelay(page, 0)
      const dialog = page.getByRole('dialog', { name: title })
      await expect(dialog).toBeVisible()
      for (const button of ['weakening-confirm-yes', 'weakening-confirm-no']) {
        await expect(page.getByTestId(button)).toBeInViewport({ ratio: 1 })
      }
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        const path = join(
          testInfo.project.outputDir,
          'screens',
          `settings-confirm-clipboard-${appLocale}-${scheme}-800x600.png`,
        )
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
        await testInfo.attach(`confirm-${scheme}`, { path, contentType: 'image/png' })
      }
    })
  })
}
