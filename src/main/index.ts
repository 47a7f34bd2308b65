/**
 * The composition root of the desktop app: it opens the stores with Electron's adapters
 * (safeStorage, the system clipboard, notifications, the tray), builds the core
 * and its services, opens the window and connects the two over IPC. Nothing else in the app
 * decides how the parts fit.
 */
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, dialog, Notification, powerMonitor } from 'electron'
import type { AccountSummary } from '../shared/ipc-contract'
import { openPersistentCore } from './core'
import type { HostServices } from './core/host-services'
import { createHostServices } from './core/host-services'
import { createConsoleLogger } from './core/logger'
import type { HostDialogs } from './core/ports'
import type { TrayLocale } from './core/tray/tray-messages'
import { trayText } from './core/tray/tray-messages'
import { appPageUrl } from './core/security/renderer-files'
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './electron/app-protocol'
import { applyLaunchAtLogin } from './electron/autostart'
import { holdDataFolderForCommandLine, serveCommandLineFromDesktop } from './electron/command-line'
import type { CommandLineSocket } from './core/command-line/socket-server'
import { createElectronDialogs } from './electron/dialogs'
import { createElectronClipboard } from './electron/electron-clipboard'
import type { TrustedPage } from './electron/ipc'
import { registerIpcHandlers, sendEvent } from './electron/ipc'
import type { MainWindow } from './electron/main-window'
import { createMainWindow, openExternalSafely } from './electron/main-window'
import { hasOpenableScheme } from './core/security/url-policy'
import {
  createQuitGuard,
  defaultDisposeTimeoutMs,
  settleWithin,
  startupFailureMessage,
} from './electron/quit'
import { createSafeStorageEncryptor, safeStorageBackend } from './electron/safe-storage-encryptor'
import type { TrayHandle } from './electron/tray'
import { createTray } from './electron/tray'
import { electronUpdates } from './electron/updates'
import { localeFromLanguages } from '../shared/i18n'

const logger = createConsoleLogger(app.isPackaged ? 'warn' : 'info')

const appName = 'Coze Auth Companion'

/** How long a burst of `accountsChanged` (a refresh of many accounts) gathers into one listing. */
const reloadDelayMs = 250

function showNotification(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show()
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error)

/** Packaging resources: next to the app when packaged, `build/` of the repository in development. */
const resourcesDir = app.isPackaged
  ? process.resourcesPath
  : join(import.meta.dirname, '../../build')

/** `coze-auth`'s socket, and the data-folder lock the app shares with it (electron/command-line.ts). */
const commandLine: { socket?: CommandLineSocket; releaseLock?: () => void } = {}

async function startServices(
  dialogs: HostDialogs,
  window: () => BrowserWindow | undefined,
): Promise<HostServices> {
  const dataDir = app.getPath('userData')
  commandLine.releaseLock = await holdDataFolderForCommandLine(dataDir, logger)
  const persistent = await openPersistentCore({
    dataDir,
    encryptor: createSafeStorageEncryptor(),
    ...(process.platform === 'linux'
      ? { safeStorageBackend: safeStorageBackend() ?? 'unknown' }
      : {}),
    defaultSecretStorage: 'safe-storage',
    browser: {
      // The core passes every address through its ExternalUrlPolicy before it gets here.
      open: async (url) => {
        if (!(await openExternalSafely(url, hasOpenableScheme))) {
          throw new Error('Refused by the URL policy.')
        }
      },
    },
    bundledProfilesDir: join(resourcesDir, 'profiles'),
    logger,
  })
  const services = createHostServices({
    persistent,
    clipboard: createElectronClipboard(clipboard, process.platform, logger),
    notifier: {
      // In the person's language, like the tray: the core's own texts are English.
      notify: (notification) => {
        const locale = trayLocale(persistent.store.getSettings().language)
        const body =
          notification.code === 'INVALID_CLIENT' ? 'needsSignInBodyApp' : 'needsSignInBody'
        showNotification(
          trayText(locale, 'needsSignInTitle'),
          trayText(locale, body, { label: notification.label }),
        )
      },
    },
    dialogs,
    updates: electronUpdates(),
    app: {
      host: 'electron',
      appName,
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
  commandLine.socket = await serveCommandLineFromDesktop({
    persistent,
    services,
    dataDir,
    window,
    locale: () => trayLocale(persistent.store.getSettings().language),
    logger,
  })
  return services
}

/** No more command-line calls, the services' last writes, and only then the data folder's lock. */
async function stopServicesAndCommandLine(services: HostServices | undefined): Promise<void> {
  await commandLine.socket?.stop()
  await services?.dispose()
  commandLine.releaseLock?.()
}

function trayLocale(language: string): TrayLocale {
  if (language === 'en' || language === 'zh-CN') return language
  return localeFromLanguages([app.getLocale()])
}

/** The tray's line after a copy: when the clipboard will be cleared. */
function copiedMessage(clearSeconds: number): string {
  return clearSeconds > 0
    ? `Token copied; the clipboard clears in ${clearSeconds} s`
    : 'Token copied; the clipboard is never cleared'
}

/**
 * The page: electron-vite's dev server while developing (it sets ELECTRON_RENDERER_URL), the
 * built files over `app://` otherwise. A packaged app ignores the variable: nothing outside it
 * may choose what its window loads.
 */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const pageUrl = devServerUrl ?? appPageUrl

// Before `ready`, or Chromium gives the scheme no privileges.
registerAppSchemeAsPrivileged()

if (!app.requestSingleInstanceLock()) {
  // One instance only: two would write the same account list. The first one is told through
  // 'second-instance' and brings its window forward.
  app.quit()
} else {
  // This instance holds the lock, so it is also the one that owns the command line's local
  // socket: start that socket here (from the host services) and nowhere else.
  let mainWindow: MainWindow | undefined
  let services: HostServices | undefined
  let tray: TrayHandle | undefined
  let accounts: AccountSummary[] = []
  let quitting = false
  // A window opened before the services and the IPC handlers would show a page whose every call
  // fails, so until then a request to show it (a second instance) only waits here. The start
  // itself asks for the window.
  let ready = false
  let showWhenReady = true

  const openWindow = (): void => {
    if (mainWindow && !mainWindow.window.isDestroyed()) {
      if (mainWindow.window.isMinimized()) mainWindow.window.restore()
      mainWindow.window.show()
      mainWindow.window.focus()
      return
    }
    mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      pageUrl,
      // The window opens only once the services are up (see `ready`); before, nothing is allowed.
      allowsExternal: (url) => services?.externalUrls.allows(url) ?? false,
    })
    // With "keep running in the tray", closing the window hides it: refresh goes on.
    mainWindow.window.on('close', (event) => {
      if (!quitting && services?.settings().keepInTray) {
        event.preventDefault()
        mainWindow?.window.hide()
      }
    })
    // A sign-in belongs to the page that started it: a reload, a crash or a closed window ends
    // it, so its loopback port and polling do not linger for minutes.
    const abortSignIns = (): void => services?.abortAllSignIns()
    mainWindow.window.webContents.on('did-start-loading', abortSignIns)
    mainWindow.window.webContents.on('render-process-gone', abortSignIns)
    mainWindow.window.on('closed', abortSignIns)
  }

  const showWindow = (): void => {
    if (ready) openWindow()
    else showWhenReady = true
  }

  const trustedPage = (): TrustedPage | undefined =>
    mainWindow && !mainWindow.window.isDestroyed()
      ? { contents: mainWindow.window.webContents, pageUrl: mainWindow.pageUrl }
      : undefined

  let reloadGeneration = 0
  const reloadAccounts = async (): Promise<void> => {
    const generation = ++reloadGeneration
    const result = await services?.dispatch('listAccounts', undefined)
    // Listings can overlap: an older one that answers late must not replace a newer one.
    if (generation !== reloadGeneration) return
    if (result?.ok) accounts = result.value as AccountSummary[]
    tray?.rebuild()
  }

  // Each refreshed account emits `accountsChanged`; listing every account and rebuilding the tray
  // for each would be quadratic. The first event of a burst starts the timer and the rest join
  // it; the timer is not pushed back, so a steady stream still lists at most once per delay.
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  const scheduleReload = (): void => {
    if (reloadTimer !== undefined) return
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined
      void reloadAccounts()
    }, reloadDelayMs)
  }

  // Applied in order, so that turning it on and off quickly cannot end with the file written
  // after it was removed; skipped when unchanged, as every setting change emits the event.
  let launchAtLoginApplied: boolean | undefined
  let launchAtLoginQueue: Promise<void> = Promise.resolve()
  const syncLaunchAtLogin = (): void => {
    const enabled = services?.settings().launchAtLogin
    if (enabled === undefined || enabled === launchAtLoginApplied) return
    launchAtLoginApplied = enabled
    launchAtLoginQueue = launchAtLoginQueue
      .then(() => applyLaunchAtLogin(enabled))
      .catch((error: unknown) => {
        // Not remembered as applied: the next settings change (or start) tries again.
        if (launchAtLoginApplied === enabled) launchAtLoginApplied = undefined
        logger.log('warn', 'launch at login could not be applied', {
          enabled,
          errorName: errorName(error),
        })
      })
  }

  const accountLabel = (accountId: string): string | undefined =>
    accounts.find((account) => account.id === accountId)?.label

  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !services?.settings().keepInTray) app.quit()
  })
  app.on('before-quit', () => {
    quitting = true
  })
  app.on(
    'will-quit',
    createQuitGuard({
      dispose: () => {
        clearTimeout(reloadTimer)
        // The tray goes first: nothing should be copied or refreshed while the services stop.
        tray?.destroy()
        return stopServicesAndCommandLine(services)
      },
      exit: (code) => app.exit(code),
      logger,
    }),
  )

  const start = async (): Promise<void> => {
    handleAppProtocol(join(import.meta.dirname, '../renderer'))
    // safeStorage and the userData path need a ready app, so the core starts here.
    services = await startServices(
      createElectronDialogs(
        () => mainWindow?.window,
        () => trayLocale(services?.settings().language ?? 'system'),
      ),
      () => mainWindow?.window,
    )
    const { dispatch, events, scheduler } = services
    events.subscribe((name, payload) => {
      const page = trustedPage()
      if (page) sendEvent(page.contents, name, payload)
      if (name === 'accountsChanged') scheduleReload()
      if (name === 'settingsChanged') {
        // The tray reads the language from the settings: no need to list the accounts again.
        tray?.rebuild()
        syncLaunchAtLogin()
      }
    })
    registerIpcHandlers(dispatch, trustedPage)
    // Sleep and wake: compare the wall clock with every expiry at once, not after the next tick.
    powerMonitor.on('resume', () => {
      scheduler
        .checkNow('resume')
        .catch((error: unknown) =>
          logger.log('warn', 'check after resume failed', { errorName: errorName(error) }),
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
      // The dispatcher answers failures with `{ ok: false }` instead of throwing, and the tray has
      // no page to show them on: a notification says what happened.
      onAction: async (action) => {
        switch (action.kind) {
          case 'copy': {
            const result = await dispatch('copyToken', {
              accountId: action.accountId,
              format: action.format,
            })
            const label = accountLabel(action.accountId)
            if (result.ok) {
              const seconds = services?.settings().clipboardClearSeconds ?? 0
              showNotification(label ?? appName, copiedMessage(seconds))
            } else {
              showNotification(
                label ? `Could not copy the token of ${label}` : 'Could not copy the token',
                result.error.message,
              )
            }
            return
          }
          case 'refresh': {
            const result = await dispatch('refreshAccount', {
              accountId: action.accountId,
            })
            if (!result.ok) {
              const label = accountLabel(action.accountId)
              showNotification(
                label ? `Could not refresh ${label}` : 'Could not refresh the account',
                result.error.message,
              )
            }
            return
          }
          case 'refresh-all': {
            const { results } = await scheduler.refreshAll()
            // CANCELLED: the app is quitting, not a failure to report.
            const failed = results.filter((r) => !r.ok && r.code !== 'CANCELLED').length
            if (failed > 0) {
              showNotification(
                'Refresh all',
                `${failed} of ${results.length} accounts could not be refreshed. ` +
                  'Open the app for details.',
              )
            }
            return
          }
          case 'open':
            showWindow()
            return
          case 'quit':
            app.quit()
        }
      },
      logger,
    })
    syncLaunchAtLogin()
    await reloadAccounts()
    ready = true
    if (showWhenReady) openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow()
    })
  }

  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      logger.log('error', 'the app could not start', { errorName: errorName(error) })
      dialog.showErrorBox(`${appName} could not start`, startupFailureMessage(error))
      // Whatever did start (the background refresh) stops before the process ends.
      tray?.destroy()
      await settleWithin(() => stopServicesAndCommandLine(services), defaultDisposeTimeoutMs)
      app.exit(1)
    })
}
