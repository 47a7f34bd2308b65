import type { AccountSummary, AppInfo, HostKind } from '../../shared/ipc-contract'
import { AppEventBus } from './events'
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
  logger?: Logger
}

/** The main-process services, the same for the Electron app and the browser host. */
export interface Companion {
  dispatch: Dispatch
  events: AppEventBus
  dispose(): Promise<void>
}

export function createCompanion(options: CompanionOptions): Companion {
  const logger = options.logger ?? silentLogger
  const events = new AppEventBus()
  const appInfo: AppInfo = {
    name: options.appName,
    version: options.appVersion,
    host: options.host,
    platform: options.platform,
    arch: options.arch,
    versions: options.runtimeVersions,
  }
  // The account vault arrives with its own issue; until then the list is honestly empty.
  const accounts: AccountSummary[] = []
  const handlers = createHandlers({
    appInfo,
    listAccounts: async () => structuredClone(accounts),
  })
  return {
    dispatch: createDispatcher(handlers, requestValidators, logger),
    events,
    async dispose() {},
  }
}
