import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { getCurrentFuseWire } from '@electron/fuses'
import { FuseState } from '@electron/fuses/dist/constants.js'
import { FuseV1Options } from '@electron/fuses'
import type { ElectronApplication } from '@playwright/test'
import { _electron as electron, expect, test } from '@playwright/test'
import { fuseSettings } from '../../build/fuses'
import { linuxExecutable, productName } from '../../build/electron-builder.config'
import { appPageUrl, contentSecurityPolicy } from '../../src/main/core/security/renderer-files'
// @ts-expect-error: a plain .mjs helper shared with `npm start`, without type declarations.
import { findElectronBinary } from '../../scripts/electron-binary.mjs'

const root = resolve(import.meta.dirname, '../..')
const binary = findElectronBinary() as { path: string } | { missing: string }

/** Skips the test, saying why, where this machine has no Electron binary. */
function needsBinary(): string {
  if ('missing' in binary) {
    const reason = `Electron smoke test skipped: ${binary.missing}. It runs wherever the Electron binary is installed.`
    console.log(reason)
    test.skip(true, reason)
    throw new Error('unreachable')
  }
  return binary.path
}

/**
 * The app that `npm run dist -- --dir` (or a full `npm run dist`) left in dist/ for this
 * platform; COZE_PACKAGED_APP names another executable.
 */
function packagedExecutable(): string | undefined {
  const candidates = process.env.COZE_PACKAGED_APP
    ? [process.env.COZE_PACKAGED_APP]
    : process.platform === 'darwin'
      ? ['mac', 'mac-arm64', 'mac-universal'].map((dir) =>
          join(root, 'dist', dir, `${productName}.app`, 'Contents', 'MacOS', productName),
        )
      : process.platform === 'win32'
        ? [join(root, 'dist', 'win-unpacked', `${productName}.exe`)]
        : [join(root, 'dist', 'linux-unpacked', linuxExecutable)]
  return candidates.find((candidate) => existsSync(candidate))
}

/** A fresh profile folder: the person's own accounts are never opened by a test. */
type Env = Record<string, string>

async function withProfile<T>(run: (env: Env) => Promise<T>): Promise<T> {
  const configHome = await mkdtemp(join(tmpdir(), 'coze-electron-smoke-'))
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  try {
    return await run({
      ...Object.fromEntries(inherited),
      ELECTRON_ENABLE_LOGGING: '1',
      XDG_CONFIG_HOME: configHome,
    })
  } finally {
    await rm(configHome, { recursive: true, force: true })
  }
}

const appArgs = [root, '--no-sandbox']

async function launch(executablePath: string, env: Env): Promise<ElectronApplication> {
  return electron.launch({ executablePath, args: appArgs, env })
}

test.describe('the Electron shell', () => {
  test('opens a sandboxed window whose preload answers through IPC', async () => {
    const executablePath = needsBinary()
    await withProfile(async (env) => {
      const app = await launch(executablePath, env)
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
        // A development run never looks for updates.
        const update = await page.evaluate(() =>
          (
            globalThis as unknown as {
              cozeCompanion: { getUpdateStatus(): Promise<unknown> }
            }
          ).cozeCompanion.getUpdateStatus(),
        )
        expect(update).toEqual({ ok: true, value: { state: 'off', reason: 'not-packaged' } })
      } finally {
        await app.close()
      }
    })
  })

  test('loads the window over app://, with the CSP as a header, never from file://', async () => {
    const executablePath = needsBinary()
    await withProfile(async (env) => {
      const app = await launch(executablePath, env)
      try {
        const page = await app.firstWindow()
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        expect(page.url()).toBe(appPageUrl)
        const answers = await page.evaluate(async () => {
          const page = await fetch('app://renderer/index.html')
          // Chromium folds an encoded ../ of a standard scheme before the handler sees it (what
          // is left names no file); an encoded slash reaches the handler, which refuses it.
          const climb = await fetch('app://renderer/%2e%2e/%2e%2e/package.json')
          const slashes = await fetch('app://renderer/..%2f..%2fpackage.json')
          const other = await fetch('app://elsewhere/index.html').then(
            (response) => response.status,
            () => 'refused',
          )
          return {
            status: page.status,
            csp: page.headers.get('content-security-policy'),
            type: page.headers.get('content-type'),
            climb: climb.status,
            slashes: slashes.status,
            other,
          }
        })
        expect(answers).toMatchObject({
          status: 200,
          csp: contentSecurityPolicy,
          type: 'text/html; charset=utf-8',
          slashes: 400,
        })
        expect([400, 404]).toContain(answers.climb)
        // Another host of the scheme is another origin: the page's CSP (connect-src 'self')
        // refuses it before it leaves, or the handler does.
        expect(['refused', 403]).toContain(answers.other)
      } finally {
        await app.close()
      }
    })
  })

  test('a second launch brings the first window forward and quits', async () => {
    const executablePath = needsBinary()
    await withProfile(async (env) => {
      const app = await launch(executablePath, env)
      try {
        const page = await app.firstWindow()
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.minimize())
        await expect
          .poll(() =>
            app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isMinimized()),
          )
          .toBe(true)
        // The same profile folder: the same single-instance lock.
        const second = spawn(executablePath, appArgs, { env, stdio: 'ignore' })
        const exitCode = await new Promise<number | null>((done) => second.once('exit', done))
        expect(exitCode).toBe(0)
        await expect
          .poll(() =>
            app.evaluate(({ BrowserWindow }) => {
              const windows = BrowserWindow.getAllWindows()
              return {
                windows: windows.length,
                minimized: windows[0]?.isMinimized(),
                visible: windows[0]?.isVisible(),
              }
            }),
          )
          .toEqual({ windows: 1, minimized: false, visible: true })
      } finally {
        await app.close()
      }
    })
  })

  // Only read, never launched: with the inspect fuse off, Playwright cannot drive that binary.
  test('the packaged binary has the fuses build/fuses.ts sets', async () => {
    const packaged = packagedExecutable()
    if (!packaged) {
      const reason =
        'Fuse check skipped: no packaged app in dist/ (run "npm run dist -- --dir" first, or set COZE_PACKAGED_APP).'
      console.log(reason)
      test.skip(true, reason)
      return
    }
    const wire = await getCurrentFuseWire(packaged)
    const read: Record<string, boolean> = {}
    for (const name of Object.keys(fuseSettings) as (keyof typeof fuseSettings)[]) {
      const state = wire[FuseV1Options[name]]
      expect([FuseState.ENABLE, FuseState.DISABLE], name).toContain(state)
      read[name] = state === FuseState.ENABLE
    }
    expect(read).toEqual(fuseSettings)
  })
})
