import type { AppInfo, AppSettings, HostKind, StorageStatus } from '../../shared/ipc-contract'
import type { AuthCore } from './create-core'
import type { StorageReport } from './open-persistent-core'
import { memoryWarning } from './vault/vault-selection'
import type { Logger } from './logger'
import type { HostDialogs } from './ports'
import { writeFileAtomic } from './vault/atomic-file'
import { silentLogger } from './logger'
import type { Dispatch } from './rpc/dispatcher'
import { createDispatcher } from './rpc/dispatcher'
import type { HandlerDependencies } from './rpc/handlers'
import { createHandlers, requestValidators } from './rpc/handlers'
import { AppError, InvalidArgumentError, quoteInput } from './errors'
import { defaultSettings } from './vault/metadata-store'
import { readFile, stat } from 'node:fs/promises'

export interface CompanionOptions {
  /** Which shell runs the core: it is shown in the window and decides nothing else. */
  host: HostKind
  appName: string
  appVersion: string
  platform: string
  arch: string
  runtimeVersions: AppInfo['versions']
  /** The regions point at the local demo stand-in (`npm run demo`), not at Coze. */
  demo?: boolean
  /** The auth core (accounts, profiles) built by the host with its own adapters. */
  core: AuthCore
  /** What opening the stores found; default: memory-only secrets, nothing repaired. */
  storage?: StorageReport
  /** The settings store (the metadata store in the apps); default: in memory. */
  settings?: HandlerDependencies['settings']
  /** Copies a token (and clears it later): the clipboard service of the host. */
  copyToClipboard?: HandlerDependencies['copyToClipboard']
  /** The background scheduler's "Refresh all". */
  refreshAll?: HandlerDependencies['refreshAll']
  /** Reads a file the person chose; default: from disk, at most 16 MiB. */
  readLocalFile?: HandlerDependencies['readLocalFile']
  /** Writes an export; default: an atomic write, mode 0600. */
  writeLocalFile?: HandlerDependencies['writeLocalFile']
  /** File choosers and confirmations; default: none (every choice is cancelled). */
  dialogs?: HostDialogs
  logger?: Logger
}

/** The main-process services, the same for the Electron app and the browser host. */
export interface Companion {
  dispatch: Dispatch
  events: AuthCore['events']
  core: AuthCore
  /** Cancels every sign-in in progress (the window reloaded, closed or crashed). */
  abortAllSignIns(): void
  dispose(): Promise<void>
}

export function createCompanion(options: CompanionOptions): Companion {
  const logger = options.logger ?? silentLogger
  const { core } = options
  const appInfo: AppInfo = {
    name: options.appName,
    version: options.appVersion,
    host: options.host,
    platform: options.platform,
    arch: options.arch,
    versions: options.runtimeVersions,
    ...(options.demo ? { demo: true } : {}),
  }
  const { handlers, abortAllSignIns } = createHandlers({
    appInfo,
    core,
    storageStatus: () => toStorageStatus(options.storage),
    settings: options.settings ?? memorySettings(),
    copyToClipboard:
      options.copyToClipboard ??
      (async () => {
        throw new AppError('INTERNAL', 'This host has no clipboard.')
      }),
    readLocalFile: options.readLocalFile ?? readSmallFile,
    writeLocalFile: options.writeLocalFile ?? ((path, text) => writeFileAtomic(path, text, 0o600)),
    dialogs: options.dialogs ?? noDialogs,
    ...(options.refreshAll ? { refreshAll: options.refreshAll } : {}),
  })
  return {
    dispatch: createDispatcher(handlers, requestValidators, logger),
    events: core.events,
    core,
    abortAllSignIns,
    async dispose() {
      abortAllSignIns()
    },
  }
}

/** The renderer's view of the storage report: no paths beyond the moved-aside file, no secrets. */
export function toStorageStatus(report: StorageReport | undefined): StorageStatus {
  if (!report) {
    return {
      secrets: { kind: 'memory', persisted: false, encrypted: false, warning: memoryWarning },
      accountsNeedingSignIn: 0,
    }
  }
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

function memorySettings(): HandlerDependencies['settings'] {
  let current: AppSettings = { ...defaultSettings }
  return {
    get: () => ({ ...current }),
    update: async (patch) => {
      const { proxyUrl, ...rest } = patch
      const next: AppSettings = { ...current, ...stripUndefined(rest) }
      if (proxyUrl === null) delete next.proxyUrl
      else if (proxyUrl !== undefined) next.proxyUrl = proxyUrl
      current = next
      return { ...current }
    },
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** PEM keys and config files are small: a large file is a wrong choice, refused before reading. */
async function readSmallFile(path: string): Promise<string> {
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
