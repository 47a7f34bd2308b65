import { readFile, stat } from 'node:fs/promises'
import type { AppInfo, AppSettings, HostKind, StorageStatus } from '../../shared/ipc-contract'
import type { SecureClipboard } from './clipboard/clipboard-service'
import { ClipboardService } from './clipboard/clipboard-service'
import type { AuthCore } from './create-core'
import { InvalidArgumentError, quoteInput } from './errors'
import type { Logger } from './logger'
import { silentLogger } from './logger'
import type { PersistentCore, StorageReport } from './open-persistent-core'
import type { HostDialogs } from './ports'
import type { Notifier, RefreshNotification } from './refresh/notifier'
import { RefreshScheduler } from './refresh/refresh-scheduler'
import type { Dispatch } from './rpc/dispatcher'
import { createDispatcher } from './rpc/dispatcher'
import { createHandlers, requestValidators } from './rpc/handlers'
import type { ExternalUrlPolicy } from './security/url-policy'
import type { UpdateService, UpdateServiceOptions } from './updates/update-service'
import { createUpdateService, noUpdates } from './updates/update-service'
import { writeFileAtomic } from './vault/atomic-file'
import { keychainQuiet } from './vault/keychain-vault'

/** Who runs the core, as the window's "About" shows it. */
export interface HostIdentity {
  /** Which shell runs the core: it is shown in the window and decides nothing else. */
  host: HostKind
  appName: string
  appVersion: string
  platform: string
  arch: string
  runtimeVersions: AppInfo['versions']
  /** The regions point at the local demo stand-in (`npm run demo`), not at Coze. */
  demo?: boolean
}

export interface HostServicesOptions {
  /** The core on the stores opened from disk, and what opening them found. */
  persistent: PersistentCore
  /** Electron's clipboard (concealed), or a clipboard command in the browser host. */
  clipboard: SecureClipboard
  /** Shows "needs sign-in" outside the window (Electron: a system notification). */
  notifier?: Notifier
  /** File choosers and confirmations (Electron: native dialogs); default: every choice cancelled. */
  dialogs?: HostDialogs
  app: HostIdentity
  /** The window's answers to a command-line tool's request for a token (approval-desk.ts). */
  commandLineApprovals?: { answer(requestId: string, allow: boolean): boolean }
  /** Start the background refresh at once (the hosts do; some tests drive it themselves). */
  /**
   * The app's own updates (the desktop app: whether to check, and electron-updater). Absent:
   * this host has none (the browser host), and says so.
   */
  updates?: Pick<UpdateServiceOptions, 'decision' | 'createUpdater' | 'checkEveryMs'>
  /** Start the background refresh (and the update checks) at once (the hosts do; some tests drive it themselves). */
  startScheduler?: boolean
  logger?: Logger
}

/** Everything main runs besides the window, the same for the Electron app and the browser host. */
export interface HostServices {
  /** The contract's operations, validated, for IPC or the browser bridge. */
  dispatch: Dispatch
  events: AuthCore['events']
  core: AuthCore
  scheduler: RefreshScheduler
  clipboard: ClipboardService
  updates: UpdateService
  settings(): AppSettings
  /** What opening the stores found (the secret storage kind and its warning). */
  report: StorageReport
  /** What the window's links may open in the system browser. */
  externalUrls: ExternalUrlPolicy
  /** Cancels every sign-in in progress (the window reloaded, closed or crashed). */
  abortAllSignIns(): void
  dispose(): Promise<void>
}

/**
 * Layer 3 of 3: the contract's handlers, the background refresh and the clipboard, on top of the
 * persistent core (layer 2, `openPersistentCore`). The Electron app and the browser host both
 * build it here, so the window's end-to-end tests exercise the very code the desktop app runs.
 */
export function createHostServices(options: HostServicesOptions): HostServices {
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
    accounts: {
      list: () => core.accounts.listBriefs(),
      refresh: (id, options) => core.accounts.refreshBrief(id, options),
    },
    clock: core.clock,
    notifier,
    logger,
  })
  const { host, appName, appVersion, platform, arch, runtimeVersions, demo } = options.app
  const updates = options.updates
    ? createUpdateService({
        ...options.updates,
        onStatus: (status) => core.events.emit('updateStatusChanged', status),
        logger,
      })
    : noUpdates('browser-host')
  const { handlers, abortAllSignIns } = createHandlers({
    appInfo: {
      name: appName,
      version: appVersion,
      host,
      platform,
      arch,
      versions: runtimeVersions,
      ...(demo ? { demo: true } : {}),
    },
    core,
    storageStatus: () => toStorageStatus(report),
    // The metadata store is the one place settings are changed and checked.
    settings: {
      get: () => store.getSettings(),
      update: (patch) => store.updateSettings(patch),
    },
    copyToClipboard: (text) => clipboard.copy(text),
    clipboardTokens: clipboard,
    readLocalFile: readSmallFile,
    writeLocalFile: (path, text) => writeFileAtomic(path, text, 0o600),
    dialogs: options.dialogs ?? noDialogs,
    ...(options.commandLineApprovals ? { commandLineApprovals: options.commandLineApprovals } : {}),
    updates,
    refreshAll: async () =>
      (await scheduler.refreshAll()).results.map(({ accountId, ok, code }) => ({
        accountId,
        ok,
        ...(code ? { code } : {}),
      })),
  })
  if (options.startScheduler ?? true) {
    scheduler.start()
    updates.start()
  }
  return {
    dispatch: createDispatcher(handlers, requestValidators, logger),
    events: core.events,
    core,
    scheduler,
    clipboard,
    updates,
    settings: () => store.getSettings(),
    report,
    externalUrls: core.externalUrls,
    abortAllSignIns,
    async dispose() {
      // The clipboard first: stopping the scheduler may wait for a refresh on the network.
      await clipboard.dispose({ clearPending: true })
      abortAllSignIns()
      updates.dispose()
      await scheduler.stop()
      // A removal still inside its undo time is carried out, not forgotten, on an orderly stop.
      await core.accounts.finishPendingRemovals()
      // Last, as the process is about to end: a keychain call cut off by the end can bring
      // gnome-keyring down (see `keychainWorkSettled`). A stuck one is not waited for long.
      await keychainQuiet(keychainQuietBoundMs)
    },
  }
}

/** The longest an orderly stop waits for keychain calls still in flight. */
const keychainQuietBoundMs = 2_000

/** The renderer's view of the storage report: no paths beyond the moved-aside file, no secrets. */
export function toStorageStatus(report: StorageReport): StorageStatus {
  const { kind, persisted, encrypted, warning, problem } = report.secrets
  const status: StorageStatus = {
    secrets: {
      kind,
      persisted,
      encrypted,
      ...(warning ? { warning } : {}),
      ...(problem ? { problem: { code: problem.code, message: problem.message } } : {}),
    },
    accountsNeedingSignIn: report.accountsNeedingSignIn.length,
  }
  if (report.recovery) {
    status.recovery = {
      ...(report.recovery.movedAside ? { movedAside: report.recovery.movedAside } : {}),
      restoredFromBackup: report.recovery.restoredFromBackup ?? false,
      setAside: report.recovery.quarantined.length,
    }
  }
  return status
}

/** PEM keys and config files are small: a large file is a wrong choice, refused before reading. */
export async function readSmallFile(path: string): Promise<string> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
  } catch {
    throw new InvalidArgumentError(`There is no readable file at ${quoteInput(path)}.`, {
      reason: 'file-unreadable',
    })
  }
  if (size > 1024 * 1024)
    throw new InvalidArgumentError(`${quoteInput(path)} is too large to be a key or a profile.`, {
      reason: 'file-too-large',
    })
  return readFile(path, 'utf8')
}

/** A host without dialogs: nothing can be chosen, nothing shown. */
const noDialogs: HostDialogs = {
  chooseFile: async () => null,
  chooseSaveFile: async () => null,
  confirmReveal: async () => false,
}
