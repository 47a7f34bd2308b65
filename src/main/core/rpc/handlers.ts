import type { AccountSummary, AppInfo, StorageStatus } from '../../../shared/ipc-contract'
import type { OperationHandlers, RequestValidators } from './dispatcher'
import { expectNothing } from './validate'

/** What the handlers need from the rest of the core. */
export interface HandlerDependencies {
  appInfo: AppInfo
  listAccounts(): Promise<AccountSummary[]>
  storageStatus(): StorageStatus
}

export function createHandlers(deps: HandlerDependencies): OperationHandlers {
  return {
    getAppInfo: async () => structuredClone(deps.appInfo),
    listAccounts: () => deps.listAccounts(),
    getStorageStatus: async () => structuredClone(deps.storageStatus()),
  }
}

export const requestValidators: RequestValidators = {
  getAppInfo: expectNothing,
  listAccounts: expectNothing,
  getStorageStatus: expectNothing,
}
