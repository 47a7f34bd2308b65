import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { mainScreens, walkMainScreens } from './screens'

/**
 * Pictures of every main screen, light and dark, in English and Chinese, for people to look at:
 * test-results/screens/<screen>-<locale>-<scheme>.png. The language comes from the browser's own
 * (the app follows the system), the scheme from prefers-color-scheme.
 */
const locales = [
  { browserLocale: 'en-US', appLocale: 'en' },
  { browserLocale: 'zh-CN', appLocale: 'zh-CN' },
] as const

/** Whether fontconfig knows a font with Chinese glyphs; without one Chromium draws boxes. */
function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
}

// A fixed size and time zone, so the pictures do not depend on the machine that takes them.
test.use({ viewport: { width: 1080, height: 760 }, timezoneId: 'Asia/Shanghai' })

for (const { browserLocale, appLocale } of locales) {
  test.describe(`screenshots (${appLocale})`, () => {
    test.use({ locale: browserLocale })

    test('every main screen, light and dark', async ({
      page,
      hostApp,
      sandbox,
      launcher,
      workDir,
    }, testInfo) => {
      test.setTimeout(90_000)
      if (appLocale === 'zh-CN' && !hasChineseFont()) {
        const warning =
          'No font with Chinese glyphs is installed (fc-list :lang=zh is empty): the zh-CN screenshots show boxes. Install fonts-noto-cjk or fonts-wqy-microhei.'
        console.warn(warning)
        testInfo.annotations.push({ type: 'warning', description: warning })
      }
      const directory = join(testInfo.project.outputDir, 'screens')
      const taken: string[] = []
      await walkMainScreens({ page, hostApp, sandbox, launcher, workDir }, async (screen) => {
        await expect(page.locator('html')).toHaveAttribute('lang', appLocale)
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme })
          const path = join(directory, `${screen}-${appLocale}-${scheme}.png`)
          await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' })
          await testInfo.attach(`${screen}-${scheme}`, { path, contentType: 'image/png' })
          taken.push(`${screen}-${scheme}`)
        }
        await page.emulateMedia({ colorScheme: 'light' })
      })
      expect(taken).toHaveLength(mainScreens.length * 2)
    })
  })
}
