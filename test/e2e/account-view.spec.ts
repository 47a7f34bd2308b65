import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openWindow, test } from './fixtures'
import { addPatDirectly, signInWithPkceDirectly } from './flows'

/*
 * The account view at the smallest window the app supports: what a person sees when a refresh
 * fails because the network is down.
 */
test.use({ viewport: { width: 800, height: 600 } })

const tokenPath = '/api/permission/oauth2/token'

function rowOf(page: Page, accountId: string) {
  return page.locator(`[data-testid="account-row"][data-account-id="${accountId}"]`)
}

test('network down, then Refresh: the error is beside the button, in view, and the row is marked', async ({
  page,
  hostApp,
  sandbox,
  launcher,
}) => {
  const account = await signInWithPkceDirectly(hostApp, sandbox, launcher)
  await addPatDirectly(hostApp, sandbox, 'cn')
  await openWindow(page, hostApp)
  const row = rowOf(page, account.id)
  await expect(row.locator('.expiry-badge')).toHaveText('Fresh')
  await row.click()
  // Below the list in a window this narrow: opening it brings its Copy button into view.
  await expect(page.getByTestId('copy-token')).toBeInViewport()
  const refresh = page.getByTestId('refresh-account')
  await expect(refresh).toBeVisible()

  // The network goes down: every token request has its connection cut, until the test ends.
  sandbox.faults.next('all', { kind: 'drop', path: tokenPath, count: Infinity })
  await refresh.click()

  const notice = page.getByTestId('refresh-error')
  await expect(notice).toBeVisible()
  await expect(notice.getByTestId('error-notice')).toHaveAttribute('data-code', /.+/)
  // In the window without scrolling, and right under the row of actions holding the button.
  await expect(notice).toBeInViewport()
  await expect(refresh).toBeInViewport()
  const buttonBox = await refresh.boundingBox()
  const noticeBox = await notice.boundingBox()
  if (!buttonBox || !noticeBox) throw new Error('the button or the notice has no box')
  expect(noticeBox.y).toBeGreaterThanOrEqual(buttonBox.y + buttonBox.height)
  expect(noticeBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(48)

  // The list says so too: not a green "Fresh".
  await expect(row).toHaveAttribute('data-refresh', 'failed')
  await expect(row.locator('.expiry-badge')).toHaveText('Refresh failed')
  // Main recorded the failure; the reload that followed kept the notice where it was.
  await expect(page.getByTestId('last-refresh')).toHaveAttribute('data-ok', 'false')
  await expect(notice).toBeVisible()
  const failedRequests = sandbox.requests.filter((request) => request.path === tokenPath)
  expect(failedRequests.length).toBeGreaterThan(0)
})

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`the account view at 800×600 (${locale})`, () => {
    test.use({ locale, timezoneId: 'Asia/Shanghai' })

    test('nothing is wider than the window; pictures for people to look at', async ({
      page,
      hostApp,
      sandbox,
      launcher,
    }, testInfo) => {
      const account = await signInWithPkceDirectly(hostApp, sandbox, launcher)
      await openWindow(page, hostApp)
      await rowOf(page, account.id).click()
      await expect(page.getByTestId('workspace-row').first()).toBeVisible()
      const directory = join(testInfo.project.outputDir, 'screens')
      const shoot = async (name: string): Promise<void> => {
        // The e2e specs compile without the DOM's types: the page's document, as far as needed.
        const width = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
              .document.documentElement.scrollWidth,
        )
        expect(width, `${name} is wider than the window`).toBeLessThanOrEqual(800)
        const path = join(directory, `account-view-${name}-${locale}.png`)
        await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' })
        await testInfo.attach(name, { path, contentType: 'image/png' })
        // And what the window shows at this moment, scrolled as the person has it.
        const inView = join(directory, `account-view-${name}-${locale}-window.png`)
        await page.screenshot({ path: inView, animations: 'disabled', caret: 'hide' })
        await testInfo.attach(`${name} (window)`, { path: inView, contentType: 'image/png' })
      }
      await shoot('copy')
      await page.getByTestId('copy-menu-button').click()
      await expect(page.getByTestId('copy-menu')).toBeVisible()
      await expect(page.getByTestId('copy-menu')).toBeInViewport({ ratio: 1 })
      await shoot('copy-menu')
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('copy-menu')).toBeHidden()
      await expect(page.getByTestId('copy-menu-button')).toBeFocused()

      sandbox.faults.next('all', { kind: 'drop', path: tokenPath, count: Infinity })
      await page.getByTestId('refresh-account').click()
      await expect(page.getByTestId('refresh-error')).toBeInViewport()
      await shoot('refresh-failed')
    })
  })
}
