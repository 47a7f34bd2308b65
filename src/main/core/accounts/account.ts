import type { SchemaType } from '../../../shared/json-schema'
import type {
  accountPatchSchema,
  refreshOutcomeSchema,
  storedAccountSchema,
} from '../../../shared/schemas'

/**
 * The outcome of the last refresh, kept with the account so the window can show it. Its `code` is
 * open text as stored: one written by a newer build may be a code this one does not know.
 */
export type RefreshOutcome = SchemaType<typeof refreshOutcomeSchema>

/**
 * An account's metadata: everything but its tokens. It is stored as plain data (the tokens go to
 * the vault), so nothing here may be a secret. Read off the one schema the store checks it with.
 */
export type StoredAccount = SchemaType<typeof storedAccountSchema>

/** What a refresh changes in an account (see `AccountRepository.update`). */
export type AccountPatch = SchemaType<typeof accountPatchSchema>

/** An account's secrets, stored together so a rotation replaces both or neither. */
export interface AccountTokens {
  accessToken: string
  refreshToken?: string
}

/**
 * What the background refresh needs of an account to decide, to refresh it and to report, without
 * its user and workspaces (most of a record): listing a thousand of these costs a fraction of the
 * records, and a refresh reads no more of its account than this.
 */
export type AccountBrief = Pick<
  StoredAccount,
  | 'id'
  | 'label'
  | 'region'
  | 'apiBase'
  | 'webBase'
  | 'method'
  | 'profileId'
  | 'clientId'
  | 'status'
  | 'accessTokenExpiresAt'
  | 'lastRefresh'
  | 'createdAt'
>

/** The brief of a record (copies: changing it changes nothing stored). */
export function briefOf(account: AccountBrief): AccountBrief {
  return {
    id: account.id,
    label: account.label,
    region: account.region,
    ...(account.apiBase !== undefined ? { apiBase: account.apiBase } : {}),
    ...(account.webBase !== undefined ? { webBase: account.webBase } : {}),
    method: account.method,
    ...(account.profileId !== undefined ? { profileId: account.profileId } : {}),
    ...(account.clientId !== undefined ? { clientId: account.clientId } : {}),
    status: account.status,
    createdAt: account.createdAt,
    ...(account.accessTokenExpiresAt !== undefined
      ? { accessTokenExpiresAt: account.accessTokenExpiresAt }
      : {}),
    ...(account.lastRefresh ? { lastRefresh: { ...account.lastRefresh } } : {}),
  }
}

/** The account list: the metadata store in the apps (vault/metadata). */
export interface AccountRepository {
  list(): Promise<StoredAccount[]>
  /** Every account's brief; a store that keeps them apart answers without parsing records. */
  listBriefs?(): Promise<AccountBrief[]>
  /** One account's brief; a store that keeps them apart answers without parsing the record. */
  getBrief(id: string): Promise<AccountBrief | undefined>
  get(id: string): Promise<StoredAccount | undefined>
  put(account: StoredAccount): Promise<void>
  /**
   * Lays `patch` over the stored account; false when there is none. The account list writes only
   * the patch, not the whole record (a refresh does not rewrite the workspaces).
   */
  update(id: string, patch: AccountPatch): Promise<boolean>
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
