import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
    // A fresh profile folder: the person's own accounts are never opened by a test.
    const configHome = await mkdtemp(join(tmpdir(), 'coze-electron-smoke-'))
    const app = await electron.launch({
      executablePath: binary.path,
      args: [resolve(import.meta.dirname, '../..'), '--no-sandbox'],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1', XDG_CONFIG_HOME: configHome },
    })
    try {
      const page = await app.firstWindow()
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coze Auth Companion')
      await expect(page.getByTestId('app-info')).toContainText('Desktop app')
      // No accounts yet: the one big button of the empty state leads to the sign-in screen.
      await page.getByTestId('empty-sign-in').click()
      await expect(page.getByTestId('add-account')).toBeVisible()
      // The page has the contract's functions but no way to reach ipcRenderer or Node.
      const exposed = await page.evaluate(() => ({
        hasApi:
          typeof (globalThis as { cozeCompanion?: { getAppInfo?: unknown } }).cozeCompanion
            ?.getAppInfo === 'function',
        hasDroppedFilePaths:
          typeof (globalThis as { cozeFiles?: { pathOf?: unknown } }).cozeFiles?.pathOf ===
          'function',
        hasRequire: typeof (globalThis as { require?: unknown }).require,
        hasProcess: typeof (globalThis as { process?: unknown }).process,
      }))
      expect(exposed).toEqual({
        hasApi: true,
        hasDroppedFilePaths: true,
        hasRequire: 'undefined',
        hasProcess: 'undefined',
      })
    } finally {
      await app.close()
      await rm(configHome, { recursive: true, force: true })
    }
  })
})
