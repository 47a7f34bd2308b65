/**
 * The composition root of the desktop app: it opens the stores with Electron's adapters
 * (electron-store, safeStorage), builds the core, opens the window and connects the two over IPC.
 * Nothing else in the app decides how the parts fit.
 */
import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import type { Companion } from './core'
import { createCompanion, openPersistentCore } from './core'
import { createConsoleLogger } from './core/logger'
import { electronStoreFactory } from './electron/electron-store-factory'
import type { TrustedPage } from './electron/ipc'
import { registerIpcHandlers, sendEvent } from './electron/ipc'
import type { MainWindow } from './electron/main-window'
import { createMainWindow, openExternalSafely } from './electron/main-window'
import { createSafeStorageEncryptor, safeStorageBackend } from './electron/safe-storage-encryptor'

const logger = createConsoleLogger(app.isPackaged ? 'warn' : 'info')

async function startCompanion(): Promise<Companion> {
  const persistent = await openPersistentCore({
    dataDir: app.getPath('userData'),
    metadataFactory: electronStoreFactory,
    encryptor: createSafeStorageEncryptor(),
    ...(process.platform === 'linux'
      ? { safeStorageBackend: safeStorageBackend() ?? 'unknown' }
      : {}),
    defaultSecretStorage: 'safe-storage',
    browser: {
      open: async (url) => {
        if (!(await openExternalSafely(url))) throw new Error('Refused by the URL policy.')
      },
    },
    bundledProfilesDir: join(process.resourcesPath, 'profiles'),
    logger,
  })
  return createCompanion({
    core: persistent.core,
    storage: persistent.report,
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
}

if (!app.requestSingleInstanceLock()) {
  // One instance only: two would write the same account list.
  app.quit()
} else {
  let mainWindow: MainWindow | undefined
  let companion: Companion | undefined

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

  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void companion?.dispose()
  })

  void app.whenReady().then(async () => {
    // safeStorage and electron-store need a ready app, so the core starts here.
    companion = await startCompanion()
    companion.events.subscribe((name, payload) => {
      const page = trustedPage()
      if (page) sendEvent(page.contents, name, payload)
    })
    registerIpcHandlers(companion.dispatch, trustedPage)
    showWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow()
    })
  })
}
