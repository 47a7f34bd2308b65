/**
 * The one contract between main, preload, renderer and the browser host.
 *
 * Adding an operation here makes the compiler demand, in turn: a channel name below, a request
 * validator and a handler in main (`src/main/core/rpc`), and nothing else, because the preload and
 * the browser bridge build their API objects from `operationChannels`.
 *
 * Only types and plain constants live here: this file is bundled into the sandboxed preload and
 * the renderer, so it must not import anything with a runtime.
 */
import type { ErrorCode, Result } from './errors'

export type { ErrorCode }

export type HostKind = 'electron' | 'browser'

export interface AppInfo {
  name: string
  version: string
  host: HostKind
  platform: string
  arch: string
  versions: { node: string; electron?: string; chrome?: string }
}

export type RegionId = 'com' | 'cn' | 'custom'

export type AuthMethod = 'pkce' | 'web' | 'device' | 'jwt' | 'pat' | 'sat'

export type AccountStatus = 'active' | 'expired' | 'needs-sign-in'

/** What the renderer may know about an account: never a token, a key or a secret. */
export interface AccountSummary {
  id: string
  label: string
  region: RegionId
  method: AuthMethod
  status: AccountStatus
  /** Unix milliseconds; absent for a token without a known expiry. */
  accessTokenExpiresAt?: number
  refreshTokenExpiresAt?: number
  /** The first and last few characters of the access token, for recognising it. */
  tokenHint: string
  workspaceCount: number
}

export type SecretStorageKind = 'safe-storage' | 'keychain' | 'memory' | 'plaintext'

/** Where secrets live and what went wrong opening the stores: the window shows it. */
export interface StorageStatus {
  secrets: {
    kind: SecretStorageKind
    persisted: boolean
    encrypted: boolean
    /** Set for memory (gone on quit) and plain text (readable on disk). */
    warning?: string
    problem?: { code: string; message: string }
  }
  /** The account list had to be repaired at start. */
  recovery?: { movedAside?: string; restoredFromBackup: boolean; setAside: number }
  /** How many accounts lost their tokens (a damaged or replaced secret store). */
  accountsNeedingSignIn: number
}

/**
 * Every operation: its request and its response. A `void` request means the renderer passes
 * nothing.
 */
export interface Operations {
  getAppInfo: { request: void; response: AppInfo }
  listAccounts: { request: void; response: AccountSummary[] }
  getStorageStatus: { request: void; response: StorageStatus }
}

export type OperationName = keyof Operations
export type RequestOf<K extends OperationName> = Operations[K]['request']
export type ResponseOf<K extends OperationName> = Operations[K]['response']
export type ArgsOf<K extends OperationName> =
  RequestOf<K> extends void ? [] : [request: RequestOf<K>]

/** Events main pushes to the renderer. */
export interface Events {
  accountsChanged: { accountIds: string[] }
}

export type EventName = keyof Events

export const operationChannels = {
  getAppInfo: 'coze:getAppInfo',
  listAccounts: 'coze:listAccounts',
  getStorageStatus: 'coze:getStorageStatus',
} as const satisfies { [K in OperationName]: `coze:${K}` }

export const eventChannels = {
  accountsChanged: 'coze-event:accountsChanged',
} as const satisfies { [E in EventName]: `coze-event:${E}` }

export type Unsubscribe = () => void

/** The object the preload (or the browser bridge) hands to the renderer. */
export type CompanionApi = {
  [K in OperationName]: (...args: ArgsOf<K>) => Promise<Result<ResponseOf<K>>>
} & {
  on: { [E in EventName]: (listener: (payload: Events[E]) => void) => Unsubscribe }
}

/** The global name under which the API object is exposed to the page. */
export const apiGlobalName = 'cozeCompanion'

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && Object.hasOwn(operationChannels, value)
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventChannels, value)
}
