/**
 * The composition root of the desktop app: it builds the core with Electron's adapters, opens the
 * window and connects the two over IPC. Nothing else in the app decides how the parts fit.
 */
import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import { createAuthCore, createCompanion, MemorySecretVault } from './core'
import { createConsoleLogger } from './core/logger'
import type { TrustedPage } from './electron/ipc'
import { registerIpcHandlers, sendEvent } from './electron/ipc'
import type { MainWindow } from './electron/main-window'
import { createMainWindow, openExternalSafely } from './electron/main-window'

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: MainWindow | undefined

  const logger = createConsoleLogger(app.isPackaged ? 'warn' : 'info')
  const core = createAuthCore({
    // safeStorage and the OS keychain arrive with the account vault; memory until then.
    vault: new MemorySecretVault(),
    browser: {
      open: async (url) => {
        if (!(await openExternalSafely(url))) throw new Error('Refused by the URL policy.')
      },
    },
    logger,
  })
  const companion = createCompanion({
    core,
    host: 'electron',
    appName: 'Coze Auth Companion',
    appVersion: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    runtimeVersions: {
      node: process.versions.node,
      electron: process.versions.electron,
      chrome: process.versions.chrome,
    },
    logger,
  })

  const showWindow = (): void => {
    if (mainWindow && !mainWindow.window.isDestroyed()) {
      if (mainWindow.window.isMinimized()) mainWindow.window.restore()
      mainWindow.window.focus()
      return
    }
    mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      rendererIndexPath: join(import.meta.dirname, '../renderer/index.html'),
    })
  }

  const trustedPage = (): TrustedPage | undefined =>
    mainWindow && !mainWindow.window.isDestroyed()
      ? { contents: mainWindow.window.webContents, pageUrl: mainWindow.pageUrl }
      : undefined

  companion.events.subscribe((name, payload) => {
    const page = trustedPage()
    if (page) sendEvent(page.contents, name, payload)
  })

  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void companion.dispose()
  })

  void app.whenReady().then(() => {
    registerIpcHandlers(companion.dispatch, trustedPage)
    showWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow()
    })
  })
}
