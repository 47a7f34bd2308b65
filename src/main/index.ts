/**
 * The composition root of the desktop app: it opens the stores with Electron's adapters
 * (electron-store, safeStorage, the system clipboard, notifications, the tray), builds the core
 * and its services, opens the window and connects the two over IPC. Nothing else in the app
 * decides how the parts fit.
 */
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, Notification, powerMonitor } from 'electron'
import type { AccountSummary } from '../shared/ipc-contract'
import { openPersistentCore } from './core'
import type { DesktopServices } from './core/desktop-services'
import { createDesktopServices } from './core/desktop-services'
import { createConsoleLogger } from './core/logger'
import type { TrayLocale } from './core/tray/tray-messages'
import { createElectronClipboard } from './electron/electron-clipboard'
import { electronStoreFactory } from './electron/electron-store-factory'
import type { TrustedPage } from './electron/ipc'
import { registerIpcHandlers, sendEvent } from './electron/ipc'
import type { MainWindow } from './electron/main-window'
import { createMainWindow, openExternalSafely } from './electron/main-window'
import { createSafeStorageEncryptor, safeStorageBackend } from './electron/safe-storage-encryptor'
import type { TrayHandle } from './electron/tray'
import { createTray } from './electron/tray'

const logger = createConsoleLogger(app.isPackaged ? 'warn' : 'info')

/** Packaging resources: next to the app when packaged, `build/` of the repository in development. */
const resourcesDir = app.isPackaged
  ? process.resourcesPath
  : join(import.meta.dirname, '../../build')

async function startServices(): Promise<DesktopServices> {
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
    bundledProfilesDir: join(resourcesDir, 'profiles'),
    logger,
  })
  return createDesktopServices({
    persistent,
    clipboard: createElectronClipboard(clipboard, process.platform, logger),
    notifier: {
      notify: (notification) => {
        if (Notification.isSupported()) {
          new Notification({ title: notification.title, body: notification.body }).show()
        }
      },
    },
    app: {
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
    },
    logger,
  })
}

function trayLocale(language: string): TrayLocale {
  if (language === 'en' || language === 'zh-CN') return language
  return /^zh\b/i.test(app.getLocale()) ? 'zh-CN' : 'en'
}

if (!app.requestSingleInstanceLock()) {
  // One instance only: two would write the same account list.
  app.quit()
} else {
  let mainWindow: MainWindow | undefined
  let services: DesktopServices | undefined
  let tray: TrayHandle | undefined
  let accounts: AccountSummary[] = []
  let quitting = false

  const showWindow = (): void => {
    if (mainWindow && !mainWindow.window.isDestroyed()) {
      if (mainWindow.window.isMinimized()) mainWindow.window.restore()
      mainWindow.window.show()
      mainWindow.window.focus()
      return
    }
    mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      rendererIndexPath: join(import.meta.dirname, '../renderer/index.html'),
    })
    // With "keep running in the tray", closing the window hides it: refresh goes on.
    mainWindow.window.on('close', (event) => {
      if (!quitting && services?.settings().keepInTray) {
        event.preventDefault()
        mainWindow?.window.hide()
      }
    })
  }

  const trustedPage = (): TrustedPage | undefined =>
    mainWindow && !mainWindow.window.isDestroyed()
      ? { contents: mainWindow.window.webContents, pageUrl: mainWindow.pageUrl }
      : undefined

  const reloadAccounts = async (): Promise<void> => {
    const result = await services?.companion.dispatch('listAccounts', undefined)
    if (result?.ok) accounts = result.value as AccountSummary[]
    tray?.rebuild()
  }

  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !services?.settings().keepInTray) app.quit()
  })
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', () => {
    void services?.dispose()
  })

  void app.whenReady().then(async () => {
    // safeStorage and electron-store need a ready app, so the core starts here.
    services = await startServices()
    const { companion, scheduler } = services
    companion.events.subscribe((name, payload) => {
      const page = trustedPage()
      if (page) sendEvent(page.contents, name, payload)
      if (name === 'accountsChanged' || name === 'settingsChanged') void reloadAccounts()
      if (name === 'settingsChanged') {
        app.setLoginItemSettings({ openAtLogin: services?.settings().launchAtLogin ?? false })
      }
    })
    registerIpcHandlers(companion.dispatch, trustedPage)
    // Sleep and wake: compare the wall clock with every expiry at once, not after the next tick.
    powerMonitor.on('resume', () => {
      scheduler.checkNow('resume').catch((error: unknown) =>
        logger.log('warn', 'check after resume failed', {
          errorName: error instanceof Error ? error.name : typeof error,
        }),
      )
    })
    tray = createTray({
      iconPath: join(resourcesDir, 'tray', 'icon.png'),
      getState: () => {
        const warning = services?.report.secrets.warning
        return {
          accounts,
          now: Date.now(),
          locale: trayLocale(services?.settings().language ?? 'system'),
          ...(warning ? { secretsWarning: warning } : {}),
        }
      },
      onAction: async (action) => {
        switch (action.kind) {
          case 'copy':
            await companion.dispatch('copyToken', {
              accountId: action.accountId,
              format: action.format,
            })
            return
          case 'refresh':
            await companion.dispatch('refreshAccount', { accountId: action.accountId })
            return
          case 'refresh-all':
            await scheduler.refreshAll()
            return
          case 'open':
            showWindow()
            return
          case 'quit':
            app.quit()
        }
      },
      logger,
    })
    await reloadAccounts()
    showWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow()
    })
  })
}
