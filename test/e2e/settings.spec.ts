import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openWindow, test } from './fixtures'
import { openSettings } from './flows'
import { expectNoSecret } from './support/secrets'

/*
 * Settings as the browser host shows them, at the smallest window: what is in effect stated once
 * (the secret store and the proxy, HTTPS_PROXY included, never its password), nothing that cannot
 * apply here, and one language picker in the whole window.
 */
test.use({ viewport: { width: 800, height: 600 } })

/** Every control in the window that offers a language: a select with an option for Chinese. */
async function languagePickers(page: Page): Promise<number> {
  return page.locator('select:has(option[value="zh-CN"])').count()
}

const proxyPassword = 'pr0xy-pa55word'

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`settings (${locale})`, () => {
    test.use({ locale })

    test('states the storage and the proxy in use, HTTPS_PROXY without its password', async ({
      page,
      hostApp,
    }, testInfo) => {
      // The browser host runs in this process: its environment is this one.
      const saved = process.env.HTTPS_PROXY
      process.env.HTTPS_PROXY = `http://ops:${proxyPassword}@corp-proxy.example:3128`
      try {
        await openWindow(page, hostApp)
        // The accounts and add-account screens offer no language.
        expect(await languagePickers(page)).toBe(0)
        await page.getByTestId('nav-add-account').click()
        await expect(page.getByTestId('add-account')).toBeVisible()
        expect(await languagePickers(page)).toBe(0)
        await openSettings(page)
        expect(await languagePickers(page)).toBe(1)

        const proxy = page.getByTestId('settings-proxy-current')
        await expect(proxy).toHaveAttribute('data-source', 'environment')
        await expect(proxy).toContainText('HTTPS_PROXY')
        await expect(proxy).toContainText('http://••••••@corp-proxy.example:3128/')
        await expectNoSecret(page, proxyPassword)
        await expect(page.locator('body')).not.toContainText('ops:')

        // Secrets: what is in use, once; no preference the browser host could not honour.
        await expect(page.getByTestId('settings-storage-current')).toHaveAttribute(
          'data-kind',
          /keychain|memory/,
        )
        await expect(page.getByTestId('settings-secret-storage')).toHaveCount(0)
        // The tray and launch at login do not exist here: not shown, not explained.
        await expect(page.getByTestId('settings-desktop')).toHaveCount(0)
        await expect(page.getByTestId('settings-keep-in-tray')).toHaveCount(0)

        const width = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
              .document.documentElement.scrollWidth,
        )
        expect(width).toBeLessThanOrEqual(800)
        const directory = join(testInfo.project.outputDir, 'screens')
        await page.screenshot({
          path: join(directory, `settings-${locale}-window.png`),
          animations: 'disabled',
          caret: 'hide',
        })
        await proxy.scrollIntoViewIfNeeded()
        await page.screenshot({
          path: join(directory, `settings-proxy-${locale}-window.png`),
          animations: 'disabled',
          caret: 'hide',
        })

        // A proxy of one's own wins over the environment's, and says so.
        await page.getByTestId('settings-proxy').fill('http://mine.example:8080')
        await page.getByTestId('settings-proxy-save').click()
        await expect(proxy).toHaveAttribute('data-source', 'settings')
        await expect(proxy).toContainText('http://mine.example:8080/')
      } finally {
        if (saved === undefined) delete process.env.HTTPS_PROXY
        else process.env.HTTPS_PROXY = saved
      }
    })
  })
}
