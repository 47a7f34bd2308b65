import { resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
// @ts-expect-error: a plain .mjs helper shared with `npm start`, without type declarations.
import { findElectronBinary } from '../../scripts/electron-binary.mjs'

const binary = findElectronBinary() as { path: string } | { missing: string }

test.describe('the Electron shell', () => {
  test('opens a sandboxed window whose preload answers through IPC', async () => {
    if ('missing' in binary) {
      const reason = `Electron smoke test skipped: ${binary.missing}. It runs wherever the Electron binary is installed.`
      console.log(reason)
      test.skip(true, reason)
      return
    }
    const app = await electron.launch({
      executablePath: binary.path,
      args: [resolve(import.meta.dirname, '../..'), '--no-sandbox'],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    })
    try {
      const page = await app.firstWindow()
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coze Auth Companion')
      await expect(page.getByTestId('app-info')).toContainText('Desktop app')
      // The page has the contract's functions but no way to reach ipcRenderer or Node.
      const exposed = await page.evaluate(() => ({
        hasApi:
          typeof (globalThis as { cozeCompanion?: { getAppInfo?: unknown } }).cozeCompanion
            ?.getAppInfo === 'function',
        hasRequire: typeof (globalThis as { require?: unknown }).require,
        hasProcess: typeof (globalThis as { process?: unknown }).process,
      }))
      expect(exposed).toEqual({ hasApi: true, hasRequire: 'undefined', hasProcess: 'undefined' })
    } finally {
      await app.close()
    }
  })
})
