import type { AppInfo, HostKind, StorageStatus } from '../../shared/ipc-contract'
import type { AuthCore } from './create-core'
import type { StorageReport } from './open-persistent-core'
import { memoryWarning } from './vault/vault-selection'
import type { Logger } from './logger'
import { silentLogger } from './logger'
import type { Dispatch } from './rpc/dispatcher'
import { createDispatcher } from './rpc/dispatcher'
import { createHandlers, requestValidators } from './rpc/handlers'

export interface CompanionOptions {
  /** Which shell runs the core: it is shown in the window and decides nothing else. */
  host: HostKind
  appName: string
  appVersion: string
  platform: string
  arch: string
  runtimeVersions: AppInfo['versions']
  /** The auth core (accounts, profiles) built by the host with its own adapters. */
  core: AuthCore
  /** What opening the stores found; default: memory-only secrets, nothing repaired. */
  storage?: StorageReport
  logger?: Logger
}

/** The main-process services, the same for the Electron app and the browser host. */
export interface Companion {
  dispatch: Dispatch
  events: AuthCore['events']
  core: AuthCore
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
  }
  const handlers = createHandlers({
    appInfo,
    listAccounts: async () =>
      (await core.accounts.list()).map((account) => core.accounts.summarise(account)),
    storageStatus: () => toStorageStatus(options.storage),
  })
  return {
    dispatch: createDispatcher(handlers, requestValidators, logger),
    events: core.events,
    core,
    async dispose() {},
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
