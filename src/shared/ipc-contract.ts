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
import type { SchemaType } from './json-schema'
import type {
  RequestSchemaType,
  accountStatusSchema,
  authMethodSchema,
  clientTypeSchema,
  profileFieldsSchema,
  profileInputSchema,
  regionSchema,
  settingsPatchSchema,
  settingsSchema,
  tokenFormatSchema,
} from './schemas'

export type { ErrorCode }

export type HostKind = 'electron' | 'browser'

export interface AppInfo {
  name: string
  version: string
  host: HostKind
  platform: string
  arch: string
  versions: { node: string; electron?: string; chrome?: string }
  /**
   * True when the app talks to the local demo stand-in for Coze (`npm run demo`), not to Coze:
   * the window says so on every screen.
   */
  demo?: boolean
}

export type RegionId = SchemaType<typeof regionSchema>

export type AuthMethod = SchemaType<typeof authMethodSchema>

export type AccountStatus = SchemaType<typeof accountStatusSchema>

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
  /**
   * The Coze user's picture as a `data:image/…` URL: main fetches it (small PNG, JPEG, GIF or
   * WebP only) so the window loads no remote image. Absent until main has it, or when there is
   * none to be had.
   */
  avatarUrl?: string
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

/** An account with everything the window shows about it: still never a token or a secret. */
export interface AccountDetails extends AccountSummary {
  /** `avatarUrl` as in the summary (a data: URL), or '' when there is no picture yet. */
  user?: { userId: string; userName: string; nickName: string; avatarUrl: string }
  workspaces: WorkspaceSummary[]
  /** False when the token may not list workspaces (or they could not be read yet). */
  workspacesKnown: boolean
  profileId?: string
  clientId?: string
  lastRefresh?: { at: number; ok: boolean; code?: ErrorCode; logId?: string }
  createdAt: number
}

/**
 * One thing that happened to an account, for its Activity list: a sign-in (or a token added
 * again) or a refresh, when, whether it worked, Coze's HTTP status and `X-Tt-Logid` when an answer
 * came, the error's code when it failed, and how long it took. Never a token or a secret.
 */
export interface ActivityEntry {
  /** Unix ms, when it ended. */
  at: number
  action: 'sign-in' | 'refresh'
  ok: boolean
  /** Absent when no answer came (the network down, a timeout). */
  status?: number
  logId?: string
  code?: ErrorCode
  durationMs: number
}

export interface WorkspaceSummary {
  id: string
  name: string
  iconUrl: string
  role: string
  type: string
}

export type ClientType = SchemaType<typeof clientTypeSchema>

/**
 * An OAuth app as the user (or the organisation that shipped the build) registered it on the Coze
 * console. Secrets are not part of a profile: they live in the vault, next to it.
 */
/**
 * An app profile's fields (see `profileFieldsSchema`): the Coze client, its region and addresses
 * (web and PKCE: the redirect URI exactly as registered; JWT: the public key ID, the lifetime of a
 * minted token, the session name and account variant), and optionally one workspace.
 */
export type ProfileFields = SchemaType<typeof profileFieldsSchema>

/** An app profile as the window sees it: whether a secret is stored, never the secret. */
export interface ProfileSummary extends ProfileFields {
  id: string
  bundled: boolean
  hasClientSecret: boolean
  hasPrivateKey: boolean
}

/**
 * What the window sends to create or change a profile (see `profileInputSchema`). Secrets go one
 * way, into main: a web app's client secret (omitted on an edit, keeping the stored one) and a JWT
 * app's key as a file chosen with `chooseFile`, which main read (the window never holds the key).
 */
export type ProfileInput = SchemaType<typeof profileInputSchema>

export type TokenFormat = SchemaType<typeof tokenFormatSchema>

/**
 * A step of a sign-in in progress, for the window to show. `browser-opened` and
 * `browser-open-failed` say how opening the system browser went (the browser and device flows
 * open it after `waiting-for-browser` and `code-ready`): they come in between the other steps and
 * do not replace them; after a failure the person opens the address themselves.
 */
export type SignInProgressView =
  | { stage: 'waiting-for-browser'; authorizeUrl: string }
  | { stage: 'browser-opened' }
  | { stage: 'browser-open-failed' }
  | { stage: 'ignored-callback'; reason: string }
  /**
   * A PKCE or web sign-in has heard nothing from the browser for `waitedMs`: the app may be on
   * the other region, `otherRegion` (absent where there is none to switch to, as for a custom
   * deployment). Comes in between the other steps; the sign-in goes on waiting.
   */
  | { stage: 'no-answer-yet'; waitedMs: number; otherRegion?: 'com' | 'cn' }
  | { stage: 'exchanging' }
  | {
      stage: 'code-ready'
      userCode: string
      verificationUri: string
      verificationUrlWithCode: string
      expiresAt: number
    }
  | { stage: 'polling'; attempt: number; nextPollInMs: number }
  | { stage: 'retrying'; reason: string; retryInMs: number }
  | { stage: 'fetching-account' }
  | { stage: 'done'; accountId: string }
  | { stage: 'failed'; code: ErrorCode }

/**
 * The person's settings (see `settingsSchema`): the region a new sign-in starts with; an explicit
 * http(s) proxy (absent: HTTPS_PROXY from the environment, or none); the seconds after copying a
 * token before the clipboard is cleared (0 never clears it); whether closing the window keeps the
 * app and its refresh timers running in the tray; launch at login; the language; where secrets
 * live (safeStorage keeps them all in one encrypted file, one key from the OS, so 1,000 accounts
 * open in one read; the keychain costs one OS call per secret); and the explicit choice to keep
 * secrets unencrypted where no encryption is available.
 */
export type AppSettings = SchemaType<typeof settingsSchema>

/**
 * A change to the settings (see `settingsPatchSchema`). `proxyUrl: null` removes the proxy. The
 * browser host sends `confirmationToken`, from main's CONFIRMATION_REQUIRED answer to this same
 * patch, once the person agreed to what it weakens (src/shared/confirmation.ts); it is never
 * stored.
 */
export type SettingsPatchInput = SchemaType<typeof settingsPatchSchema>

export interface JwtPreviewView {
  header: { alg: 'RS256'; typ: 'JWT'; kid: string }
  claims: Record<string, string | number>
  durationSeconds: number
  tokenUrl: string
}

/** What importing a profile file may ask the person to check; the window words each one. */
export const profileImportWarningCodes = ['redirect-uri-assumed'] as const

export type ProfileImportWarningCode = (typeof profileImportWarningCodes)[number]

export interface ProfileImportWarning {
  code: ProfileImportWarningCode
  /** Main's English sentence: for the log, and for a window too old to know the code. */
  message: string
  /** Non-secret facts the translated text shows, such as `uri` for `redirect-uri-assumed`. */
  params?: Record<string, string | number>
}

export interface ImportSummaryView {
  accounts: number
  profiles: number
  accountsNeedingSignIn: number
  skipped: { kind: 'account' | 'profile'; id: string; reason: string }[]
}

/**
 * Where the app's own updates stand. `off` says why nothing is ever checked: the build names no
 * update server, the app is not a packaged build, or the host (the browser) has no updates. An
 * update is only ever installed by `restartToUpdate`, which the person asks for.
 */
export type UpdateStatus =
  | { state: 'off'; reason: 'no-update-server' | 'not-packaged' | 'browser-host' }
  | { state: 'idle' }
  | { state: 'ready'; version: string }

/**
 * The proxy main sends requests through right now, and where that comes from: the address typed
 * in Settings, HTTPS_PROXY (or https_proxy) from the environment, or none. The address never
 * carries its user name or password (main puts a mask in their place). `ignoredVariable` names an
 * environment variable that is set but is no http(s) proxy address, so it is not used.
 */
export type ProxyStatus =
  | { source: 'settings'; address: string }
  | { source: 'environment'; variable: 'HTTPS_PROXY' | 'https_proxy'; address: string }
  | { source: 'none'; ignoredVariable?: 'HTTPS_PROXY' | 'https_proxy' }

/**
 * Every operation: its request and its response. A `void` request means the renderer passes
 * nothing.
 */
export interface Operations {
  getAppInfo: { request: RequestSchemaType<'getAppInfo'>; response: AppInfo }
  getStorageStatus: { request: RequestSchemaType<'getStorageStatus'>; response: StorageStatus }
  listAccounts: { request: RequestSchemaType<'listAccounts'>; response: AccountSummary[] }
  getAccount: { request: RequestSchemaType<'getAccount'>; response: AccountDetails }
  /** Runs until the sign-in ends; progress arrives as `signInProgress` events with this id. */
  signIn: {
    request: RequestSchemaType<'signIn'>
    response: AccountSummary
  }
  cancelSignIn: { request: RequestSchemaType<'cancelSignIn'>; response: { cancelled: boolean } }
  addPastedToken: {
    request: RequestSchemaType<'addPastedToken'>
    response: AccountSummary
  }
  /**
   * Whether the clipboard holds a Coze token the person copied: its kind and an opaque name for
   * it, never the token. Main reads the clipboard; the window only learns that there is one.
   */
  peekClipboardToken: {
    request: RequestSchemaType<'peekClipboardToken'>
    response: { offer: { kind: 'pat' | 'sat'; id: string } | null }
  }
  /**
   * Adds the token an offer named, read again from the clipboard by main (refused when it
   * changed), then clears the clipboard if it still holds it.
   */
  addClipboardToken: {
    request: RequestSchemaType<'addClipboardToken'>
    response: AccountSummary
  }
  refreshAccount: { request: RequestSchemaType<'refreshAccount'>; response: AccountSummary }
  refreshAllAccounts: {
    request: RequestSchemaType<'refreshAllAccounts'>
    response: { accountId: string; ok: boolean; code?: ErrorCode }[]
  }
  refreshWorkspaces: { request: RequestSchemaType<'refreshWorkspaces'>; response: AccountDetails }
  /** The account's last 50 sign-ins and refreshes, newest first (kept by main, in memory). */
  getAccountActivity: {
    request: RequestSchemaType<'getAccountActivity'>
    response: ActivityEntry[]
  }
  renameAccount: { request: RequestSchemaType<'renameAccount'>; response: AccountSummary }
  /**
   * Takes the account out of the list at once; its tokens and record are deleted at `undoUntil`
   * (Unix ms) unless `undoRemoveAccount` comes first.
   */
  removeAccount: {
    request: RequestSchemaType<'removeAccount'>
    response: { removed: true; undoUntil: number }
  }
  /** Brings back an account removed moments ago; NOT_FOUND once its undo time has passed. */
  undoRemoveAccount: { request: RequestSchemaType<'undoRemoveAccount'>; response: AccountSummary }
  /** Main copies: the token never reaches the window. */
  copyToken: {
    request: RequestSchemaType<'copyToken'>
    response: { clearsAt: number | null }
  }
  /** Main asks the person to confirm first (a dialog in the desktop app). */
  revealToken: { request: RequestSchemaType<'revealToken'>; response: { token: string } }
  /**
   * Main asks for a file (its own dialog in the desktop app; the browser host reads the path the
   * page sends) and keeps its content; the window gets a handle and the file's name.
   */
  chooseFile: {
    request: RequestSchemaType<'chooseFile'>
    response: { fileId: string; name: string } | { cancelled: true }
  }
  listProfiles: { request: RequestSchemaType<'listProfiles'>; response: ProfileSummary[] }
  addProfile: { request: RequestSchemaType<'addProfile'>; response: ProfileSummary }
  updateProfile: { request: RequestSchemaType<'updateProfile'>; response: ProfileSummary }
  removeProfile: { request: RequestSchemaType<'removeProfile'>; response: { removed: boolean } }
  /** A coze_oauth_config.json chosen with `chooseFile`. */
  importProfileFile: {
    request: RequestSchemaType<'importProfileFile'>
    response: { profile: ProfileSummary; warnings: ProfileImportWarning[] }
  }
  previewJwt: { request: RequestSchemaType<'previewJwt'>; response: JwtPreviewView }
  getSettings: { request: RequestSchemaType<'getSettings'>; response: AppSettings }
  updateSettings: { request: RequestSchemaType<'updateSettings'>; response: AppSettings }
  /** The proxy in effect (the setting, else the environment), without its credentials. */
  getProxyStatus: { request: RequestSchemaType<'getProxyStatus'>; response: ProxyStatus }
  /**
   * Metadata only, or everything encrypted with the passphrase. Main asks where to save and writes
   * the file itself: an export never passes through the window.
   */
  exportAccounts: {
    /** With a passphrase the export holds tokens: main asks first (see `confirmationToken`). */
    request: RequestSchemaType<'exportAccounts'>
    response: { path: string; encrypted: boolean } | { cancelled: true }
  }
  /** An export chosen with `chooseFile`. */
  importAccounts: { request: RequestSchemaType<'importAccounts'>; response: ImportSummaryView }
  /**
   * The person's answer to a `commandLineApproval` question (the browser host asks in the
   * window). `answered` is false when the question had already been settled or had expired.
   */
  answerCommandLineApproval: {
    request: RequestSchemaType<'answerCommandLineApproval'>
    response: { answered: boolean }
  }
  getUpdateStatus: { request: RequestSchemaType<'getUpdateStatus'>; response: UpdateStatus }
  /** Quits and installs the downloaded update; `restarting: false` when none is ready. */
  restartToUpdate: {
    request: RequestSchemaType<'restartToUpdate'>
    response: { restarting: boolean }
  }
}

export type OperationName = keyof Operations
export type RequestOf<K extends OperationName> = Operations[K]['request']
export type ResponseOf<K extends OperationName> = Operations[K]['response']
export type ArgsOf<K extends OperationName> =
  RequestOf<K> extends void ? [] : [request: RequestOf<K>]

/** Events main pushes to the renderer. */
export interface Events {
  accountsChanged: { accountIds: string[] }
  signInProgress: { signInId: string; progress: SignInProgressView }
  /** Something the person should know even with the window closed (the shell may show it natively). */
  notification: { kind: 'needs-sign-in'; accountId: string; title: string; body: string }
  settingsChanged: AppSettings
  /**
   * A command-line tool asks for a token and the settings say to ask first: the window shows
   * the question ("asking") until it is answered, expires or is withdrawn ("settled").
   */
  commandLineApproval:
    | {
        requestId: string
        state: 'asking'
        program: string
        accountLabel: string
        expiresAt: number
      }
    | { requestId: string; state: 'settled' }
  updateStatusChanged: UpdateStatus
}

export type EventName = keyof Events

export const operationChannels = {
  getAppInfo: 'coze:getAppInfo',
  getStorageStatus: 'coze:getStorageStatus',
  listAccounts: 'coze:listAccounts',
  getAccount: 'coze:getAccount',
  signIn: 'coze:signIn',
  cancelSignIn: 'coze:cancelSignIn',
  addPastedToken: 'coze:addPastedToken',
  peekClipboardToken: 'coze:peekClipboardToken',
  addClipboardToken: 'coze:addClipboardToken',
  refreshAccount: 'coze:refreshAccount',
  refreshAllAccounts: 'coze:refreshAllAccounts',
  refreshWorkspaces: 'coze:refreshWorkspaces',
  getAccountActivity: 'coze:getAccountActivity',
  renameAccount: 'coze:renameAccount',
  removeAccount: 'coze:removeAccount',
  undoRemoveAccount: 'coze:undoRemoveAccount',
  copyToken: 'coze:copyToken',
  revealToken: 'coze:revealToken',
  chooseFile: 'coze:chooseFile',
  listProfiles: 'coze:listProfiles',
  addProfile: 'coze:addProfile',
  updateProfile: 'coze:updateProfile',
  removeProfile: 'coze:removeProfile',
  importProfileFile: 'coze:importProfileFile',
  previewJwt: 'coze:previewJwt',
  getSettings: 'coze:getSettings',
  updateSettings: 'coze:updateSettings',
  getProxyStatus: 'coze:getProxyStatus',
  exportAccounts: 'coze:exportAccounts',
  importAccounts: 'coze:importAccounts',
  answerCommandLineApproval: 'coze:answerCommandLineApproval',
  getUpdateStatus: 'coze:getUpdateStatus',
  restartToUpdate: 'coze:restartToUpdate',
} as const satisfies { [K in OperationName]: `coze:${K}` }

export const eventChannels = {
  accountsChanged: 'coze-event:accountsChanged',
  signInProgress: 'coze-event:signInProgress',
  notification: 'coze-event:notification',
  settingsChanged: 'coze-event:settingsChanged',
  commandLineApproval: 'coze-event:commandLineApproval',
  updateStatusChanged: 'coze-event:updateStatusChanged',
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

/**
 * The desktop app's preload also exposes `{ pathOf(file): string }` under this name: the path of a
 * file dropped on the window (the browser host has none; the page then asks for a typed path).
 */
export const filesGlobalName = 'cozeFiles'

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && Object.hasOwn(operationChannels, value)
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventChannels, value)
}
