import { randomUUID } from 'node:crypto'
import type { AccountSummary, RegionId } from '../../../shared/ipc-contract'
import { AppError, InvalidClientError, NetworkError, RefreshTokenDeadError } from '../errors'
import type { AppEventBus } from '../events'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { BrowserFlowProgress } from '../oauth/browser-flow'
import { signInWithBrowser } from '../oauth/browser-flow'
import type { DeviceFlowProgress } from '../oauth/device-flow'
import { signInWithDevice } from '../oauth/device-flow'
import { signInWithJwt } from '../oauth/jwt-flow'
import { checkPastedToken } from '../oauth/pasted-token'
import { checkClientRegion, isUnknownCredential, withRegionCheck } from '../oauth/region-probe'
import type { TokenSet } from '../oauth/token-client'
import { CozeOAuthClient } from '../oauth/token-client'
import type { CozeUser, CozeWorkspace } from '../openapi/coze-openapi'
import { CozeOpenApi } from '../openapi/coze-openapi'
import type { BrowserLauncher, Clock, SecretVault } from '../ports'
import type { ProfileService } from '../profile-service'
import { vaultService } from '../profile-service'
import type { AppProfile } from '../profiles'
import type { EndpointResolver, RegionEndpoints } from '../regions'
import type { HttpClient } from '../http/http-client'
import type { AccountRepository, AccountTokens, StoredAccount } from './account'
import { tokenHint } from './account'

export interface AccountServiceOptions {
  accounts: AccountRepository
  profiles: ProfileService
  vault: SecretVault
  http: HttpClient
  clock: Clock
  browser: BrowserLauncher
  endpoints: EndpointResolver
  events?: AppEventBus
  logger?: Logger
  newId?: () => string
}

export type SignInProgress =
  BrowserFlowProgress | DeviceFlowProgress | { stage: 'fetching-account' }

export interface SignInOptions {
  signal?: AbortSignal
  onProgress?: (progress: SignInProgress) => void
  locale?: 'en' | 'zh-CN'
  /** Overrides the profile's region for this sign-in (after a WRONG_REGION answer, say). */
  region?: RegionId
}

export interface PastedTokenInput {
  region: RegionId
  apiBase?: string
  token: string
  /** Unix ms, as the user read it on the console; absent for a token that never expires. */
  expiresAt?: number
  label?: string
  signal?: AbortSignal
}

/** How long before expiry a copied token is refreshed first, so it is still good when pasted. */
export const freshnessMarginMs = 2 * 60 * 1000

/**
 * Accounts: signing in by every method, refreshing, and reading who and where. Tokens are written
 * to the vault before the metadata that points to them, so a crash never strands an account.
 */
export class AccountService {
  private readonly oauth: CozeOAuthClient
  private readonly openApi: CozeOpenApi
  private readonly logger: Logger
  private readonly newId: () => string
  private readonly refreshing = new Map<string, Promise<StoredAccount>>()

  constructor(private readonly options: AccountServiceOptions) {
    this.oauth = new CozeOAuthClient(options.http, options.clock)
    this.openApi = new CozeOpenApi(options.http)
    this.logger = options.logger ?? silentLogger
    this.newId = options.newId ?? randomUUID
  }

  async list(): Promise<StoredAccount[]> {
    const accounts = await this.options.accounts.list()
    return accounts.sort((a, b) => a.createdAt - b.createdAt)
  }

  async get(id: string): Promise<StoredAccount> {
    const account = await this.options.accounts.get(id)
    if (!account) throw new AppError('NOT_FOUND', 'This account no longer exists.')
    return account
  }

  summarise(account: StoredAccount): AccountSummary {
    const summary: AccountSummary = {
      id: account.id,
      label: account.label,
      region: account.region,
      method: account.method,
      status: effectiveStatus(account, this.options.clock.now()),
      tokenHint: account.tokenHint,
      workspaceCount: account.workspaces.length,
    }
    if (account.accessTokenExpiresAt !== undefined)
      summary.accessTokenExpiresAt = account.accessTokenExpiresAt
    if (account.refreshTokenExpiresAt !== undefined)
      summary.refreshTokenExpiresAt = account.refreshTokenExpiresAt
    return summary
  }

  /** Signs in with an app profile, by the method its client type implies. */
  async signIn(profileId: string, options: SignInOptions = {}): Promise<StoredAccount> {
    const profile = await this.options.profiles.get(profileId)
    const secrets = await this.options.profiles.secrets(profileId)
    const region = options.region ?? profile.region
    const endpoints = this.options.endpoints.resolve(region, profile)
    const alternatives = this.options.endpoints.alternatives(endpoints)
    const clock = this.options.clock
    const deps = { oauth: this.oauth, browser: this.options.browser, clock, logger: this.logger }
    let tokens: TokenSet
    switch (profile.clientType) {
      case 'pkce':
      case 'web': {
        const redirectUri = profile.redirectUri ?? ''
        if (profile.clientType === 'pkce') {
          await checkClientRegion(
            this.options.http,
            endpoints,
            alternatives,
            profile.clientId,
            redirectUri,
            options.signal,
          )
        }
        tokens = await signInWithBrowser(deps, {
          endpoints,
          clientId: profile.clientId,
          redirectUri,
          ...(profile.clientType === 'web' && secrets.clientSecret
            ? { clientSecret: secrets.clientSecret }
            : {}),
          ...(profile.codeChallengeMethod
            ? { codeChallengeMethod: profile.codeChallengeMethod }
            : {}),
          ...(profile.workspaceId ? { workspaceId: profile.workspaceId } : {}),
          ...(options.locale ? { locale: options.locale } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        })
        break
      }
      case 'device':
        try {
          tokens = await signInWithDevice(deps, {
            endpoints,
            clientId: profile.clientId,
            ...(profile.workspaceId ? { workspaceId: profile.workspaceId } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          })
        } catch (error) {
          if (!isUnknownCredential(error)) throw error
          // Asking the other region for a device code is cheap and signs nobody in.
          await withRegionCheck(endpoints, alternatives, async (target) => {
            if (target === endpoints) throw error
            await this.oauth.requestDeviceCode(
              target,
              { clientId: profile.clientId },
              options.signal,
            )
          })
          throw error
        }
        break
      case 'jwt':
        tokens = await this.withRegionHint(endpoints, alternatives, (target) =>
          this.mintJwt(profile, secrets.privateKeyPem, target, options.signal),
        )
        break
    }
    options.onProgress?.({ stage: 'fetching-account' })
    const method = profile.clientType
    const identity = await this.readIdentity(
      endpoints,
      tokens.accessToken,
      method === 'jwt',
      options.signal,
    )
    return this.saveNewAccount({
      region,
      endpoints,
      method,
      profile,
      tokens,
      identity,
    })
  }

  /** Adds a pasted PAT or SAT after checking it against the region (and the other one). */
  async addPastedToken(input: PastedTokenInput): Promise<StoredAccount> {
    const endpoints = this.options.endpoints.resolve(
      input.region,
      input.apiBase ? { apiBase: input.apiBase } : {},
    )
    const check = await checkPastedToken(
      this.openApi,
      endpoints,
      this.options.endpoints.alternatives(endpoints),
      input.token,
      input.signal,
    )
    if (input.expiresAt !== undefined && input.expiresAt <= this.options.clock.now()) {
      throw new AppError(
        'INVALID_ARGUMENT',
        'The expiry date is in the past. Check it on the Coze console.',
      )
    }
    const tokens: TokenSet = {
      accessToken: check.token,
      accessTokenExpiresAt: input.expiresAt ?? 0,
    }
    const identity: Identity = {
      workspaces: check.workspaces ?? [],
      workspacesKnown: check.workspaces !== undefined,
    }
    if (check.user) identity.user = check.user
    const account = await this.saveNewAccount({
      region: input.region,
      endpoints,
      method: check.method,
      tokens,
      identity,
      ...(input.label ? { label: input.label } : {}),
    })
    return account
  }

  /**
   * Refreshes one account. Concurrent calls for the same account share one network exchange, since
   * a rotated refresh token can be used only once.
   */
  refresh(id: string): Promise<StoredAccount> {
    const running = this.refreshing.get(id)
    if (running) return running
    const work = this.doRefresh(id).finally(() => this.refreshing.delete(id))
    this.refreshing.set(id, work)
    return work
  }

  /** The access token for copying: refreshed first when it is about to expire. Main side only. */
  async freshAccessToken(id: string): Promise<string> {
    let account = await this.get(id)
    const expiresAt = account.accessTokenExpiresAt
    const refreshable = account.method !== 'pat' && account.method !== 'sat'
    if (
      refreshable &&
      expiresAt !== undefined &&
      expiresAt - freshnessMarginMs <= this.options.clock.now()
    ) {
      account = await this.refresh(id)
    }
    return (await this.readTokens(account)).accessToken
  }

  /** Reads the user and every workspace again. */
  async refreshIdentity(id: string, signal?: AbortSignal): Promise<StoredAccount> {
    const account = await this.get(id)
    const tokens = await this.readTokens(account)
    const endpoints = this.endpointsOf(account)
    const identity = await this.readIdentity(
      endpoints,
      tokens.accessToken,
      account.method === 'jwt',
      signal,
      true,
    )
    const updated: StoredAccount = {
      ...account,
      workspaces: identity.workspaces,
      workspacesKnown: identity.workspacesKnown,
      updatedAt: this.options.clock.now(),
    }
    if (identity.user) updated.user = identity.user
    await this.options.accounts.put(updated)
    this.changed([id])
    return updated
  }

  async rename(id: string, label: string): Promise<StoredAccount> {
    const account = await this.get(id)
    const trimmed = label.trim()
    if (trimmed === '' || trimmed.length > 100) {
      throw new AppError('INVALID_ARGUMENT', 'A name has 1 to 100 characters.')
    }
    const updated = { ...account, label: trimmed, updatedAt: this.options.clock.now() }
    await this.options.accounts.put(updated)
    this.changed([id])
    return updated
  }

  /** Removes an account and its tokens. Coze has no revoke endpoint: the console revokes. */
  async remove(id: string): Promise<void> {
    await this.get(id)
    await this.options.vault.deletePassword(vaultService, tokensKey(id))
    await this.options.accounts.delete(id)
    this.changed([id])
  }

  private async doRefresh(id: string): Promise<StoredAccount> {
    const account = await this.get(id)
    const now = (): number => this.options.clock.now()
    try {
      const tokens = await this.requestRefresh(account)
      // The rotated refresh token is stored before anything else, so a crash from here on leaves a
      // usable pair in the vault.
      await this.writeTokens(id, tokens)
      const updated: StoredAccount = {
        ...account,
        status: 'active',
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        tokenHint: tokenHint(tokens.accessToken),
        lastRefresh: { at: now(), ok: true, ...(tokens.logId ? { logId: tokens.logId } : {}) },
        updatedAt: now(),
      }
      if (tokens.refreshTokenExpiresAt !== undefined)
        updated.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt
      await this.options.accounts.put(updated)
      this.changed([id])
      return updated
    } catch (error) {
      const dead = error instanceof RefreshTokenDeadError || error instanceof InvalidClientError
      const failed: StoredAccount = {
        ...account,
        status: dead ? 'needs-sign-in' : account.status,
        lastRefresh: {
          at: now(),
          ok: false,
          ...(error instanceof AppError
            ? { code: error.code, message: error.message }
            : { code: 'INTERNAL' as const }),
          ...(error instanceof AppError && error.logId ? { logId: error.logId } : {}),
        },
        updatedAt: now(),
      }
      await this.options.accounts.put(failed)
      this.changed([id])
      this.logger.log('warn', 'refresh failed', {
        accountId: id,
        errorCode: error instanceof AppError ? error.code : 'INTERNAL',
      })
      throw error
    }
  }

  private async requestRefresh(account: StoredAccount): Promise<TokenSet> {
    const endpoints = this.endpointsOf(account)
    switch (account.method) {
      case 'pat':
      case 'sat':
        throw new AppError(
          'NOT_REFRESHABLE',
          'A personal or service access token cannot be refreshed. Create a new one on the Coze console and paste it.',
        )
      case 'jwt': {
        const profile = await this.profileOf(account)
        const secrets = await this.options.profiles.secrets(profile.id)
        return this.mintJwt(profile, secrets.privateKeyPem, endpoints)
      }
      case 'pkce':
      case 'web':
      case 'device': {
        const tokens = await this.readTokens(account)
        if (!tokens.refreshToken) throw new RefreshTokenDeadError({})
        let clientSecret: string | undefined
        if (account.method === 'web') {
          const profile = await this.profileOf(account)
          clientSecret = (await this.options.profiles.secrets(profile.id)).clientSecret
        }
        return this.oauth.refresh(endpoints, {
          clientId: account.clientId ?? '',
          refreshToken: tokens.refreshToken,
          ...(clientSecret !== undefined ? { clientSecret } : {}),
        })
      }
    }
  }

  private async mintJwt(
    profile: AppProfile,
    privateKeyPem: string | undefined,
    endpoints: RegionEndpoints,
    signal?: AbortSignal,
  ): Promise<TokenSet> {
    if (!privateKeyPem || !profile.publicKeyId) {
      throw new AppError(
        'INVALID_PEM',
        "This app profile has no private key. Import the app's private_key.pem again.",
      )
    }
    return signInWithJwt(
      { oauth: this.oauth, clock: this.options.clock },
      {
        endpoints,
        clientId: profile.clientId,
        keyId: profile.publicKeyId,
        privateKeyPem,
        ...(profile.jwtDurationSeconds ? { durationSeconds: profile.jwtDurationSeconds } : {}),
        ...(profile.sessionName ? { sessionName: profile.sessionName } : {}),
        ...(profile.accountId ? { accountId: profile.accountId } : {}),
        ...(signal ? { signal } : {}),
      },
    )
  }

  private async withRegionHint<T>(
    chosen: RegionEndpoints,
    alternatives: readonly RegionEndpoints[],
    attempt: (endpoints: RegionEndpoints) => Promise<T>,
  ): Promise<T> {
    return withRegionCheck(chosen, alternatives, attempt)
  }

  private async readIdentity(
    endpoints: RegionEndpoints,
    accessToken: string,
    appToken: boolean,
    signal?: AbortSignal,
    strict = false,
  ): Promise<Identity> {
    const identity: Identity = { workspaces: [], workspacesKnown: false }
    // A service (JWT) token acts for the app, not a person: /v1/users/me has nobody to name.
    if (!appToken) {
      identity.user = await this.tolerate(
        () => this.openApi.getCurrentUser(endpoints, accessToken, signal),
        strict,
      )
    }
    const workspaces = await this.tolerate(
      () => this.openApi.listAllWorkspaces(endpoints, accessToken, signal),
      strict,
    )
    if (workspaces) {
      identity.workspaces = workspaces
      identity.workspacesKnown = true
    }
    return identity
  }

  /**
   * After a successful sign-in, failing to read the user or the workspaces must not lose the
   * tokens: the account is kept and the window offers to read them again.
   */
  private async tolerate<T>(read: () => Promise<T>, strict: boolean): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      if (strict && (error instanceof NetworkError || !(error instanceof AppError))) throw error
      if (strict && error instanceof AppError && error.code !== 'REQUEST_REFUSED') throw error
      this.logger.log('info', 'could not read account details', {
        errorCode: error instanceof AppError ? error.code : 'INTERNAL',
      })
      return undefined
    }
  }

  private async saveNewAccount(input: {
    region: RegionId
    endpoints: RegionEndpoints
    method: StoredAccount['method']
    profile?: AppProfile
    tokens: TokenSet
    identity: Identity
    label?: string
  }): Promise<StoredAccount> {
    const now = this.options.clock.now()
    const existing = await this.findSameAccount(input)
    const id = existing?.id ?? this.newId()
    const account: StoredAccount = {
      id,
      label: input.label ?? existing?.label ?? defaultLabel(input),
      region: input.region,
      method: input.method,
      workspaces: input.identity.workspaces,
      workspacesKnown: input.identity.workspacesKnown,
      status: 'active',
      tokenHint: tokenHint(input.tokens.accessToken),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    }
    if (input.region === 'custom') account.apiBase = input.endpoints.apiBase
    if (input.profile) {
      account.profileId = input.profile.id
      account.clientId = input.profile.clientId
    }
    if (input.identity.user) account.user = input.identity.user
    if (input.tokens.accessTokenExpiresAt > 0)
      account.accessTokenExpiresAt = input.tokens.accessTokenExpiresAt
    if (input.tokens.refreshTokenExpiresAt !== undefined) {
      account.refreshTokenExpiresAt = input.tokens.refreshTokenExpiresAt
    }
    await this.writeTokens(id, input.tokens)
    await this.options.accounts.put(account)
    this.changed([id])
    return account
  }

  /** The same person through the same app in the same place is one account, signed in again. */
  private async findSameAccount(input: {
    endpoints: RegionEndpoints
    method: StoredAccount['method']
    profile?: AppProfile
    tokens: TokenSet
    identity: Identity
  }): Promise<StoredAccount | undefined> {
    const accounts = await this.options.accounts.list()
    for (const account of accounts) {
      if (account.method !== input.method) continue
      if (this.endpointsOf(account).apiBase !== input.endpoints.apiBase) continue
      if (input.method === 'pat' || input.method === 'sat') {
        const tokens = await this.readTokens(account).catch(() => undefined)
        if (tokens?.accessToken === input.tokens.accessToken) return account
        continue
      }
      if (account.clientId !== input.profile?.clientId) continue
      if (input.method === 'jwt' || account.user?.userId === input.identity.user?.userId)
        return account
    }
    return undefined
  }

  private endpointsOf(account: StoredAccount): RegionEndpoints {
    return this.options.endpoints.resolve(account.region, {
      ...(account.apiBase ? { apiBase: account.apiBase } : {}),
      ...(account.webBase ? { webBase: account.webBase } : {}),
    })
  }

  private async profileOf(account: StoredAccount): Promise<AppProfile> {
    if (!account.profileId) throw new RefreshTokenDeadError({})
    try {
      return await this.options.profiles.get(account.profileId)
    } catch {
      throw new AppError(
        'NOT_FOUND',
        'The app profile this account was signed in with was removed, so it cannot be refreshed. Import the profile again, then sign in.',
      )
    }
  }

  private async readTokens(account: StoredAccount): Promise<AccountTokens> {
    const stored = await this.options.vault.getPassword(vaultService, tokensKey(account.id))
    if (stored === null) {
      throw new AppError(
        'NOT_FOUND',
        'The tokens of this account are missing from the secure store. Sign in again.',
      )
    }
    return JSON.parse(stored) as AccountTokens
  }

  private async writeTokens(id: string, tokens: TokenSet): Promise<void> {
    const stored: AccountTokens = { accessToken: tokens.accessToken }
    if (tokens.refreshToken !== undefined) stored.refreshToken = tokens.refreshToken
    await this.options.vault.setPassword(vaultService, tokensKey(id), JSON.stringify(stored))
  }

  private changed(accountIds: string[]): void {
    this.options.events?.emit('accountsChanged', { accountIds })
  }
}

interface Identity {
  user?: CozeUser
  workspaces: CozeWorkspace[]
  workspacesKnown: boolean
}

export function tokensKey(accountId: string): string {
  return `account:${accountId}:tokens`
}

/** "needs sign-in" is stored; "expired" follows from the clock. */
export function effectiveStatus(account: StoredAccount, now: number): AccountSummary['status'] {
  if (account.status === 'needs-sign-in') return 'needs-sign-in'
  if (account.accessTokenExpiresAt !== undefined && account.accessTokenExpiresAt <= now)
    return 'expired'
  return 'active'
}

function defaultLabel(input: {
  endpoints: { region: RegionId; apiBase: string }
  method: StoredAccount['method']
  profile?: AppProfile
  identity: Identity
}): string {
  const where =
    input.endpoints.region === 'custom'
      ? new URL(input.endpoints.apiBase).host
      : `coze.${input.endpoints.region}`
  const who =
    input.identity.user?.nickName ||
    input.identity.user?.userName ||
    input.profile?.name ||
    (input.method === 'sat' ? 'Service token' : 'Personal token')
  return `${who} (${where})`
}
