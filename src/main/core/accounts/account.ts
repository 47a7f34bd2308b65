import type { AccountStatus, AuthMethod, ErrorCode, RegionId } from '../../../shared/ipc-contract'
import type { CozeUser, CozeWorkspace } from '../openapi/coze-openapi'

/** The outcome of the last refresh, kept with the account so the window can show it. */
export interface RefreshOutcome {
  at: number
  ok: boolean
  code?: ErrorCode
  message?: string
  logId?: string
}

/**
 * An account's metadata: everything but its tokens. It is stored as plain data (the tokens go to
 * the vault), so nothing here may be a secret.
 */
export interface StoredAccount {
  id: string
  label: string
  region: RegionId
  /** For a custom deployment (or an explicit authorize host). */
  apiBase?: string
  webBase?: string
  method: AuthMethod
  /** The app profile it was signed in with; absent for a pasted token. */
  profileId?: string
  clientId?: string
  user?: CozeUser
  workspaces: CozeWorkspace[]
  /** Whether the workspace list could be read (a narrow token may not). */
  workspacesKnown: boolean
  /** Unix ms. */
  accessTokenExpiresAt?: number
  refreshTokenExpiresAt?: number
  status: AccountStatus
  lastRefresh?: RefreshOutcome
  /** The first and last few characters of the access token. */
  tokenHint: string
  createdAt: number
  updatedAt: number
}

/** An account's secrets, stored together so a rotation replaces both or neither. */
export interface AccountTokens {
  accessToken: string
  refreshToken?: string
}

/** The account list: the metadata store in the apps (vault/metadata). */
export interface AccountRepository {
  list(): Promise<StoredAccount[]>
  get(id: string): Promise<StoredAccount | undefined>
  put(account: StoredAccount): Promise<void>
  delete(id: string): Promise<boolean>
}

/** Shows enough of a token to recognise it and nothing that helps to use it. */
export function tokenHint(token: string): string {
  const prefix = /^[a-z]{2,4}_/.exec(token)?.[0] ?? ''
  return token.length < 16 ? `${prefix}…` : `${prefix}…${token.slice(-4)}`
}

/** OAuth accounts refresh with their refresh token, JWT ones mint anew; PATs and SATs cannot. */
export const refreshableMethods: ReadonlySet<StoredAccount['method']> = new Set([
  'pkce',
  'web',
  'device',
  'jwt',
])

export function isRefreshableMethod(method: StoredAccount['method']): boolean {
  return refreshableMethods.has(method)
}
