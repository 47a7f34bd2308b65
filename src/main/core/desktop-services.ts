import type { AppSettings } from '../../shared/ipc-contract'
import type { SecureClipboard } from './clipboard/clipboard-service'
import { ClipboardService } from './clipboard/clipboard-service'
import type { Companion, CompanionOptions } from './companion'
import { createCompanion } from './companion'
import type { Logger } from './logger'
import type { HostDialogs } from './ports'
import { silentLogger } from './logger'
import type { PersistentCore } from './open-persistent-core'
import type { Notifier, RefreshNotification } from './refresh/notifier'
import { RefreshScheduler } from './refresh/refresh-scheduler'
import type { ExternalUrlPolicy } from './security/url-policy'

export interface DesktopServicesOptions {
  persistent: PersistentCore
  /** Electron's clipboard (concealed), or a recording one in the browser host and tests. */
  clipboard: SecureClipboard
  /** Shows "needs sign-in" outside the window (Electron: a system notification). */
  notifier?: Notifier
  /** File choosers and confirmations (Electron: native dialogs). */
  dialogs?: HostDialogs
  app: Pick<
    CompanionOptions,
    'host' | 'appName' | 'appVersion' | 'platform' | 'arch' | 'runtimeVersions' | 'demo'
  >
  /** Start the background refresh at once (the hosts do; some tests drive it themselves). */
  startScheduler?: boolean
  logger?: Logger
}

export interface DesktopServices {
  companion: Companion
  scheduler: RefreshScheduler
  clipboard: ClipboardService
  settings(): AppSettings
  /** What opening the stores found (the secret storage kind and its warning). */
  report: PersistentCore['report']
  /** What the window's links may open in the system browser. */
  externalUrls: ExternalUrlPolicy
  dispose(): Promise<void>
}

/**
 * Everything main runs besides the window: the contract's handlers, the background refresh and
 * the clipboard, on top of the persistent core. The Electron app and the browser host both build
 * it here, so the window's end-to-end tests exercise the very code the desktop app runs.
 */
export function createDesktopServices(options: DesktopServicesOptions): DesktopServices {
  const { core, store, report } = options.persistent
  const logger = options.logger ?? silentLogger
  const clipboard = new ClipboardService({
    clipboard: options.clipboard,
    clock: core.clock,
    clearAfterSeconds: () => store.getSettings().clipboardClearSeconds,
    logger,
  })
  const notifier: Notifier = {
    notify(notification: RefreshNotification) {
      // The window hears it too (the browser host has no system notifications).
      core.events.emit('notification', {
        kind: notification.kind,
        accountId: notification.accountId,
        title: notification.title,
        body: notification.body,
      })
      options.notifier?.notify(notification)
    },
  }
  const scheduler = new RefreshScheduler({
    accounts: core.accounts,
    clock: core.clock,
    notifier,
    logger,
  })
  const companion = createCompanion({
    ...options.app,
    core,
    storage: report,
    settings: {
      get: () => store.getSettings(),
      update: (patch) => store.updateSettings(patch),
    },
    copyToClipboard: (text) => clipboard.copy(text),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    refreshAll: async () =>
      (await scheduler.refreshAll()).results.map(({ accountId, ok, code }) => ({
        accountId,
        ok,
        ...(code ? { code } : {}),
      })),
    logger,
  })
  if (options.startScheduler ?? true) scheduler.start()
  return {
    companion,
    scheduler,
    clipboard,
    settings: () => store.getSettings(),
    report,
    externalUrls: core.externalUrls,
    async dispose() {
      // The clipboard first: stopping the scheduler may wait for a refresh on the network.
      await clipboard.dispose({ clearPending: true })
      await companion.dispose()
      await scheduler.stop()
    },
  }
}
