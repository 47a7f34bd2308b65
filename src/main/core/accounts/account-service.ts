import { randomUUID } from 'node:crypto'
import type { AccountSummary, ErrorCode, RegionId } from '../../../shared/ipc-contract'
import { limits } from '../../../shared/schemas'
import {
  AppError,
  InvalidArgumentError,
  InvalidClientError,
  RefreshTokenDeadError,
} from '../errors'
import type { AppEventBus } from '../events'
import type { HttpClient } from '../http/http-client'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { BrowserFlowProgress } from '../oauth/browser-flow'
import { signInWithBrowser } from '../oauth/browser-flow'
import type { DeviceFlowProgress } from '../oauth/device-flow'
import { signInWithDevice } from '../oauth/device-flow'
import { signInWithJwt } from '../oauth/jwt-flow'
import {
  checkPastedToken,
  checkPastedTokenExpiry,
  normalisePastedToken,
} from '../oauth/pasted-token'
import { checkClientRegion, withRegionCheck } from '../oauth/region-probe'
import type { TokenSet } from '../oauth/token-client'
import { CozeOAuthClient } from '../oauth/token-client'
import type { CozeUser, CozeWorkspace } from '../openapi/coze-openapi'
import { CozeOpenApi } from '../openapi/coze-openapi'
import type { BrowserLauncher, Clock, SecretVault } from '../ports'
import type { ProfileService } from '../profile-service'
import { vaultService } from '../profile-service'
import type { AppProfile, ProfileSecrets } from '../profiles'
import type { EndpointResolver, OfficialRegionId, RegionEndpoints } from '../regions'
import { cutToLength } from '../schema-check'
import type {
  AccountBrief,
  AccountPatch,
  AccountRepository,
  AccountTokens,
  StoredAccount,
} from './account'
import { briefOf, isRefreshableMethod, tokenHint } from './account'
import { ActivityLog } from './activity-log'
import type { ActivityEntry } from '../../../shared/ipc-contract'

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
  /**
   * Every secret backend that may hold this app's secrets (the user can switch backends), so that
   * removing an account removes its tokens everywhere. Default: just `vault`.
   */
  allVaults?: readonly SecretVault[]
  /**
   * Set when `vault` is only a stand-in (memory) because the secret storage the settings chose
   * could not be opened (a locked keyring): a token missing from it is then elsewhere, not lost,
   * and the account must not be marked "needs sign-in" for it (the mark would be saved, and stay
   * once the storage is back). Reading such a token fails with `secretsUnavailable` instead.
   */
  secretsUnavailable?: AppError
  /** How long a removal can be undone before the account and its tokens are deleted. */
  removalUndoMs?: number
}

/** A few seconds to take a removal back ("Removed. Undo"). */
export const defaultRemovalUndoMs = 8000

/** The browser flow's silence, with the region the window may offer to switch to. */
export interface NoAnswerYetProgress {
  stage: 'no-answer-yet'
  waitedMs: number
  otherRegion?: OfficialRegionId
}

export type SignInProgress =
  | Exclude<BrowserFlowProgress, { stage: 'no-answer-yet' }>
  | NoAnswerYetProgress
  | DeviceFlowProgress
  | { stage: 'fetching-account' }

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

/** Errors after which the current access token is still the best answer, if it has not expired. */
const transientCodes: ReadonlySet<ErrorCode> = new Set([
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'RATE_LIMITED',
])

/** What refreshing an account reads of it (a brief or a whole record). */
type RefreshSource = Pick<
  StoredAccount,
  'id' | 'method' | 'region' | 'apiBase' | 'webBase' | 'profileId' | 'clientId'
>

export interface RefreshOptions {
  /** Runs the network exchange of the refresh; see `AccountService.refresh`. */
  throttle?: <T>(exchange: () => Promise<T>) => Promise<T>
}

/**
 * Accounts: signing in by every method, refreshing, and reading who and where. Tokens are written
 * to the vault before the metadata that points to them, so a crash never strands an account.
 *
 * Every change to one account runs under that account's lock, so a refresh waiting on the network
 * cannot bring back an account removed meanwhile, or undo a rename.
 */
export class AccountService {
  private readonly oauth: CozeOAuthClient
  private readonly openApi: CozeOpenApi
  private readonly logger: Logger
  private readonly newId: () => string
  private readonly refreshing = new Map<string, Promise<AccountBrief>>()
  private readonly locks = new Map<string, Promise<unknown>>()
  private readonly activityLog = new ActivityLog()
  /** Accounts removed in the window whose undo time has not run out: id → when it does. */
  private readonly pendingRemovals = new Map<
    string,
    { until: number; timer: ReturnType<typeof setTimeout> }
  >()

  constructor(private readonly options: AccountServiceOptions) {
    this.oauth = new CozeOAuthClient(options.http, options.clock)
    this.openApi = new CozeOpenApi(options.http)
    this.logger = options.logger ?? silentLogger
    this.newId = options.newId ?? randomUUID
  }

  /** Every account, oldest first; one being removed (still undoable) is already gone from it. */
  async list(): Promise<StoredAccount[]> {
    const accounts = (await this.options.accounts.list()).filter(
      (account) => !this.pendingRemovals.has(account.id),
    )
    return accounts.sort((a, b) => a.createdAt - b.createdAt)
  }

  /** `list`, as briefs (see `AccountBrief`): what the refresh scheduler reads at every check. */
  async listBriefs(): Promise<AccountBrief[]> {
    const repository = this.options.accounts
    const briefs = repository.listBriefs
      ? await repository.listBriefs()
      : (await repository.list()).map(briefOf)
    return briefs
      .filter((account) => !this.pendingRemovals.has(account.id))
      .sort((a, b) => a.createdAt - b.createdAt)
  }

  async get(id: string): Promise<StoredAccount> {
    const account = this.pendingRemovals.has(id) ? undefined : await this.options.accounts.get(id)
    if (!account) throw new AppError('NOT_FOUND', 'This account no longer exists.')
    return account
  }

  /** The account's recent sign-ins and refreshes, newest first (see `ActivityLog`). */
  async activity(id: string): Promise<ActivityEntry[]> {
    await this.get(id)
    return this.activityLog.list(id)
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
    if (account.accessTokenExpiresAt !== undefined) {
      summary.accessTokenExpiresAt = account.accessTokenExpiresAt
    }
    if (account.refreshTokenExpiresAt !== undefined) {
      summary.refreshTokenExpiresAt = account.refreshTokenExpiresAt
    }
    return summary
  }

  /** Signs in with an app profile, by the method its client type implies. */
  async signIn(profileId: string, options: SignInOptions = {}): Promise<StoredAccount> {
    const started = performance.now()
    const profile = await this.options.profiles.get(profileId)
    const secrets = await this.options.profiles.secrets(profileId)
    const region = options.region ?? profile.region
    const endpoints = this.options.endpoints.resolve(region, profile)
    const tokens = await this.obtainTokens(profile, secrets, endpoints, options)
    options.onProgress?.({ stage: 'fetching-account' })
    const identity = await this.readIdentity(
      endpoints,
      tokens.accessToken,
      profile.clientType === 'jwt',
      options.signal,
    )
    return this.saveAccount(
      {
        region,
        endpoints,
        method: profile.clientType,
        profile,
        tokens,
        identity,
      },
      started,
    )
  }

  /** Adds a pasted PAT or SAT after checking it against the region (and the other one). */
  async addPastedToken(input: PastedTokenInput): Promise<StoredAccount> {
    const started = performance.now()
    // Everything that needs no network first: a bad paste or date never reaches Coze.
    normalisePastedToken(input.token)
    checkPastedTokenExpiry(input.expiresAt, this.options.clock.now())
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
    const tokens: TokenSet = {
      accessToken: check.token,
      accessTokenExpiresAt: input.expiresAt ?? 0,
    }
    const identity: Identity = {
      workspaces: check.workspaces ?? [],
      workspacesKnown: check.workspaces !== undefined,
    }
    if (check.user) identity.user = check.user
    return this.saveAccount(
      {
        region: input.region,
        endpoints,
        method: check.method,
        tokens,
        identity,
        ...(input.label ? { label: input.label } : {}),
      },
      started,
    )
  }

  /**
   * Refreshes one account. Concurrent calls for the same account share one network exchange, since
   * a rotated refresh token can be used only once.
   *
   * `throttle` runs the network exchange (and only that): the scheduler bounds how many run at
   * once with it, while storing the new tokens, which is local work, does not hold a slot. The
   * stores then commit the refreshes that finish together as a group. If the throttle refuses
   * before the exchange starts (the scheduler stopping), nothing is recorded.
   */
  async refresh(id: string, options: RefreshOptions = {}): Promise<StoredAccount> {
    await this.refreshBrief(id, options)
    // The account as the refresh left it, even if a removal (still undoable) began meanwhile:
    // the refresh itself went through.
    const refreshed = await this.options.accounts.get(id)
    if (!refreshed) throw new AppError('NOT_FOUND', 'This account no longer exists.')
    return refreshed
  }

  /**
   * `refresh`, answering with the account's brief only: what the scheduler reads of a refresh.
   * The account's record is then not read at all: a refresh reads its brief and writes a patch.
   */
  refreshBrief(id: string, options: RefreshOptions = {}): Promise<AccountBrief> {
    const running = this.refreshing.get(id)
    if (running) return running
    const work = this.withLock(id, () => this.doRefresh(id, options.throttle)).finally(() =>
      this.refreshing.delete(id),
    )
    this.refreshing.set(id, work)
    return work
  }

  /**
   * The access token for copying: refreshed first when it is about to expire. If that refresh
   * fails for a passing reason while the token still works, the current token is the answer.
   * Main side only: the renderer never sees a token.
   */
  async freshAccessToken(id: string): Promise<string> {
    let account = await this.get(id)
    const expiresAt = account.accessTokenExpiresAt
    const now = this.options.clock.now()
    const refreshable = isRefreshableMethod(account.method)
    if (refreshable && expiresAt !== undefined && expiresAt - freshnessMarginMs <= now) {
      try {
        account = await this.refresh(id)
      } catch (error) {
        const transient = error instanceof AppError && transientCodes.has(error.code)
        if (!transient || expiresAt <= this.options.clock.now()) throw error
      }
    }
    return (await this.readTokens(account)).accessToken
  }

  /** Reads the user and every workspace again; a list that cannot be read keeps the old one. */
  async refreshIdentity(id: string, signal?: AbortSignal): Promise<StoredAccount> {
    return this.withLock(id, async () => {
      const account = await this.get(id)
      const tokens = await this.readTokens(account)
      const endpoints = this.endpointsOf(account)
      const identity = await this.readIdentity(
        endpoints,
        tokens.accessToken,
        account.method === 'jwt',
        signal,
      )
      const updated: StoredAccount = { ...account, updatedAt: this.options.clock.now() }
      if (identity.workspacesKnown) {
        updated.workspaces = identity.workspaces
        updated.workspacesKnown = true
      }
      if (identity.user) updated.user = identity.user
      await this.options.accounts.put(updated)
      this.changed([id])
      return updated
    })
  }

  async rename(id: string, label: string): Promise<StoredAccount> {
    const trimmed = label.trim()
    if (trimmed === '' || Array.from(trimmed).length > limits.name) {
      throw new InvalidArgumentError(`A name has 1 to ${limits.name} characters.`, {
        reason: 'label-length',
      })
    }
    return this.withLock(id, async () => {
      const updated = {
        ...(await this.get(id)),
        label: trimmed,
        updatedAt: this.options.clock.now(),
      }
      await this.options.accounts.put(updated)
      this.changed([id])
      return updated
    })
  }

  /**
   * Removes an account, undoably: it leaves the list at once, and its tokens and record are
   * deleted only when `removalUndoMs` has passed (or the app stops in order). Nothing that cannot
   * be brought back happens while "Undo" is still offered. The other order (deleting the tokens
   * at once and keeping a copy in memory for the undo) would lose them for good if the app
   * crashed in those seconds, or would need them written somewhere else meanwhile; this way a
   * crash leaves the account as it was, still signed in, and the person removes it again.
   * Coze has no revoke endpoint: the console revokes.
   */
  async remove(id: string): Promise<{ undoUntil: number }> {
    const until = await this.withLock(id, async () => {
      await this.get(id)
      const undoMs = this.options.removalUndoMs ?? defaultRemovalUndoMs
      const timer = setTimeout(() => void this.finishRemoval(id), undoMs)
      // A pending removal does not keep the process alive; stopping finishes it (see below).
      timer.unref?.()
      const deadline = this.options.clock.now() + undoMs
      this.pendingRemovals.set(id, { until: deadline, timer })
      return deadline
    })
    this.changed([id])
    return { undoUntil: until }
  }

  /** Takes a removal back while its undo time lasts; afterwards the account is gone for good. */
  async undoRemove(id: string): Promise<StoredAccount> {
    const restored = await this.withLock(id, async () => {
      const pending = this.pendingRemovals.get(id)
      if (!pending) {
        throw new AppError('NOT_FOUND', 'This account was already removed; it cannot come back.')
      }
      clearTimeout(pending.timer)
      this.pendingRemovals.delete(id)
      return this.get(id)
    })
    this.changed([id])
    return restored
  }

  /**
   * Deletes now what is waiting for its undo time to pass: when the app stops, a removal the
   * person made is carried out, not forgotten.
   */
  async finishPendingRemovals(): Promise<void> {
    await Promise.all([...this.pendingRemovals.keys()].map((id) => this.finishRemoval(id)))
  }

  private async finishRemoval(id: string): Promise<void> {
    const pending = this.pendingRemovals.get(id)
    if (!pending) return
    clearTimeout(pending.timer)
    try {
      await this.withLock(id, async () => {
        // Undone meanwhile (the undo ran first under the lock): nothing to delete.
        if (this.pendingRemovals.get(id) !== pending) return
        // Tokens first: were the metadata deleted first, a crash in between would leave tokens
        // that no account points to. This way it leaves an account marked "needs sign-in".
        for (const vault of new Set([this.options.vault, ...(this.options.allVaults ?? [])])) {
          await vault.deletePassword(vaultService, tokensKey(id))
        }
        await this.options.accounts.delete(id)
        this.pendingRemovals.delete(id)
        this.activityLog.forget(id)
      })
    } catch (error) {
      // Not removed after all (a locked keychain, say): the account comes back into the list
      // rather than seeming gone while its tokens stay. The person can remove it again.
      this.pendingRemovals.delete(id)
      this.logger.log('warn', 'removing an account failed', {
        accountId: id,
        errorCode: error instanceof AppError ? error.code : 'INTERNAL',
      })
      this.changed([id])
    }
  }

  /**
   * After the app starts (or the secret store was recovered): every account whose tokens are not in
   * the vault any more, or no longer decrypt, is marked "needs sign-in". One listing of the vault,
   * not one read per account, so it stays cheap with a thousand accounts.
   */
  async reconcileSecrets(): Promise<string[]> {
    // With only a stand-in for the chosen storage, missing tokens say nothing about the accounts.
    if (this.options.secretsUnavailable) return []
    const present = new Set(
      (await this.options.vault.findCredentials(vaultService)).map((entry) => entry.account),
    )
    const marked: string[] = []
    for (const account of await this.options.accounts.list()) {
      if (account.status === 'needs-sign-in' || present.has(tokensKey(account.id))) continue
      await this.withLock(account.id, () => this.markNeedsSignIn(account.id, 'NOT_FOUND'))
      marked.push(account.id)
    }
    if (marked.length > 0) this.changed(marked)
    return marked
  }

  private async obtainTokens(
    profile: AppProfile,
    secrets: ProfileSecrets,
    endpoints: RegionEndpoints,
    options: SignInOptions,
  ): Promise<TokenSet> {
    const alternatives = this.options.endpoints.alternatives(endpoints)
    const deps = {
      oauth: this.oauth,
      browser: this.options.browser,
      clock: this.options.clock,
      logger: this.logger,
    }
    const common = {
      endpoints,
      clientId: profile.clientId,
      ...(profile.workspaceId ? { workspaceId: profile.workspaceId } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }
    switch (profile.clientType) {
      case 'pkce':
      case 'web': {
        if (profile.clientType === 'web' && !secrets.clientSecret) {
          throw new InvalidArgumentError(
            "This web app's client secret is missing from the secure store. Enter it again in the app profile.",
            { reason: 'client-secret-missing' },
          )
        }
        const redirectUri = profile.redirectUri ?? ''
        const client = {
          clientId: profile.clientId,
          redirectUri,
          ...(secrets.clientSecret && profile.clientType === 'web'
            ? { clientSecret: secrets.clientSecret }
            : {}),
        }
        await checkClientRegion(this.options.http, endpoints, alternatives, client, options.signal)
        const onProgress = options.onProgress
        const otherRegion = alternatives
          .map((other) => other.region)
          .find((other): other is OfficialRegionId => other !== 'custom')
        return signInWithBrowser(deps, {
          ...common,
          ...(onProgress
            ? {
                onProgress: (progress: BrowserFlowProgress) =>
                  onProgress(
                    progress.stage === 'no-answer-yet' && otherRegion !== undefined
                      ? { ...progress, otherRegion }
                      : progress,
                  ),
              }
            : {}),
          ...client,
          ...(profile.codeChallengeMethod
            ? { codeChallengeMethod: profile.codeChallengeMethod }
            : {}),
          ...(options.locale ? { locale: options.locale } : {}),
        })
      }
      case 'device':
        return withRegionCheck(
          endpoints,
          alternatives,
          (target) => signInWithDevice(deps, { ...common, endpoints: target }),
          // Asking the other region for a device code is cheap and signs nobody in.
          async (target) => {
            await this.oauth.requestDeviceCode(
              target,
              { clientId: profile.clientId },
              options.signal,
            )
            return true
          },
        )
      case 'jwt':
        return withRegionCheck(endpoints, alternatives, (target) =>
          this.mintJwt(profile, secrets.privateKeyPem, target, options.signal),
        )
    }
  }

  private async doRefresh(
    id: string,
    throttle: NonNullable<RefreshOptions['throttle']> = (exchange) => exchange(),
  ): Promise<AccountBrief> {
    const now = (): number => this.options.clock.now()
    const accounts = this.options.accounts
    let started = performance.now()
    // Read once the exchange may start, so that a thousand refreshes waiting for a slot do not
    // each hold their brief. Only the brief: the user and workspaces, most of a record, are
    // neither read nor written by a refresh.
    let account: AccountBrief | undefined
    try {
      const exchanged = await throttle(async () => {
        // Timed from here: the wait for a slot is the app's, not Coze's.
        started = performance.now()
        const current = await this.briefOrGone(id)
        account = current
        return { account: current, tokens: await this.requestRefresh(current) }
      })
      const { tokens } = exchanged
      // The rotated refresh token is stored before anything else, so a crash from here on leaves a
      // usable pair in the vault.
      await this.writeTokens(id, tokens)
      const patch: AccountPatch = {
        status: 'active',
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        tokenHint: tokenHint(tokens.accessToken),
        lastRefresh: { at: now(), ok: true, ...(tokens.logId ? { logId: tokens.logId } : {}) },
        updatedAt: now(),
      }
      if (tokens.refreshTokenExpiresAt !== undefined) {
        patch.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt
      }
      // Under the account's lock nothing removes it meanwhile; should it be gone all the same, it
      // is not brought back.
      if (!(await accounts.update(id, patch))) {
        throw new AppError('NOT_FOUND', 'This account no longer exists.')
      }
      this.recordActivity(id, 'refresh', started, tokens)
      this.changed([id])
      return briefOf({ ...exchanged.account, ...patch })
    } catch (error) {
      // Refused a slot before anything was sent, or the account is gone: nothing to record.
      if (account === undefined) throw error
      // A removed app profile or missing tokens cannot come back by retrying: like a dead
      // refresh token, only a new sign-in helps.
      const dead =
        error instanceof RefreshTokenDeadError ||
        error instanceof InvalidClientError ||
        (error instanceof AppError && error.code === 'NOT_FOUND')
      // As stored now: reading the tokens may have marked it meanwhile.
      const current = await accounts.getBrief(id)
      if (current) {
        await accounts.update(id, {
          status: dead ? 'needs-sign-in' : current.status,
          lastRefresh: {
            at: now(),
            ok: false,
            // The code, not the message: a message may quote the server, and the window words
            // each code in the reader's language anyway.
            code: error instanceof AppError ? error.code : 'INTERNAL',
            ...(error instanceof AppError && error.logId ? { logId: error.logId } : {}),
          },
          updatedAt: now(),
        })
      }
      // A pasted token asked to refresh talked to nobody: no line in its timeline.
      if (!(error instanceof AppError && error.code === 'NOT_REFRESHABLE')) {
        this.recordActivity(id, 'refresh', started, error, true)
      }
      this.changed([id])
      this.logger.log('warn', 'refresh failed', {
        accountId: id,
        errorCode: error instanceof AppError ? error.code : 'INTERNAL',
      })
      throw error
    }
  }

  /** The account's brief, or NOT_FOUND as `get` says it (a removal under way counts as gone). */
  private async briefOrGone(id: string): Promise<AccountBrief> {
    const brief = this.pendingRemovals.has(id)
      ? undefined
      : await this.options.accounts.getBrief(id)
    if (!brief) throw new AppError('NOT_FOUND', 'This account no longer exists.')
    return brief
  }

  private async requestRefresh(account: RefreshSource): Promise<TokenSet> {
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
          if (!clientSecret) {
            throw new InvalidArgumentError(
              "This web app's client secret is missing from the secure store. Enter it again in the app profile.",
              { reason: 'client-secret-missing' },
            )
          }
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

  /**
   * Who and where. After a successful sign-in, failing to read them must not lose the tokens: the
   * account is kept and the window offers to read them again. Only a missing permission is an
   * answer ("this token may not list workspaces"); any other failure leaves the field unknown.
   */
  private async readIdentity(
    endpoints: RegionEndpoints,
    accessToken: string,
    appToken: boolean,
    signal?: AbortSignal,
  ): Promise<Identity> {
    const identity: Identity = { workspaces: [], workspacesKnown: false }
    // A service (JWT) token acts for the app, not a person: /v1/users/me has nobody to name.
    if (!appToken) {
      const user = await this.tolerate(() =>
        this.openApi.getCurrentUser(endpoints, accessToken, signal),
      )
      if (user) identity.user = user
    }
    const workspaces = await this.tolerate(() =>
      this.openApi.listAllWorkspaces(endpoints, accessToken, signal),
    )
    if (workspaces) {
      identity.workspaces = workspaces
      identity.workspacesKnown = true
    }
    return identity
  }

  private async tolerate<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      if (error instanceof AppError && error.code === 'CANCELLED') throw error
      this.logger.log('info', 'could not read account details', {
        errorCode: error instanceof AppError ? error.code : 'INTERNAL',
      })
      return undefined
    }
  }

  private async saveAccount(input: NewAccount, started: number): Promise<StoredAccount> {
    const existing = await this.findSameAccount(input)
    const id = existing?.id ?? this.newId()
    const account = await this.withLock(id, async () => {
      const now = this.options.clock.now()
      const current = existing ? await this.options.accounts.get(id) : undefined
      const stored: StoredAccount = {
        id,
        label: input.label ?? current?.label ?? defaultLabel(input),
        region: input.region,
        method: input.method,
        workspaces: input.identity.workspacesKnown
          ? input.identity.workspaces
          : (current?.workspaces ?? []),
        workspacesKnown: input.identity.workspacesKnown || (current?.workspacesKnown ?? false),
        status: 'active',
        tokenHint: tokenHint(input.tokens.accessToken),
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      }
      if (input.region === 'custom') stored.apiBase = input.endpoints.apiBase
      if (input.profile) {
        stored.profileId = input.profile.id
        stored.clientId = input.profile.clientId
      }
      const user = input.identity.user ?? current?.user
      if (user) stored.user = user
      if (input.tokens.accessTokenExpiresAt > 0) {
        stored.accessTokenExpiresAt = input.tokens.accessTokenExpiresAt
      }
      if (input.tokens.refreshTokenExpiresAt !== undefined) {
        stored.refreshTokenExpiresAt = input.tokens.refreshTokenExpiresAt
      }
      await this.writeTokens(id, input.tokens)
      await this.options.accounts.put(stored)
      this.recordActivity(id, 'sign-in', started, input.tokens)
      return stored
    })
    this.changed([id])
    return account
  }

  /** One line of the account's Activity: what the exchange answered, or how it failed. */
  private recordActivity(
    id: string,
    action: ActivityEntry['action'],
    started: number,
    outcome: Pick<TokenSet, 'status' | 'logId'> | unknown,
    failed = false,
  ): void {
    const entry: ActivityEntry = {
      at: this.options.clock.now(),
      action,
      ok: !failed,
      durationMs: Math.max(0, Math.round(performance.now() - started)),
    }
    if (failed) {
      entry.code = outcome instanceof AppError ? outcome.code : 'INTERNAL'
      if (outcome instanceof AppError) {
        const status = outcome.params?.status
        if (typeof status === 'number') entry.status = status
        if (outcome.logId) entry.logId = outcome.logId
      }
    } else {
      const tokens = outcome as Pick<TokenSet, 'status' | 'logId'>
      if (tokens.status !== undefined) entry.status = tokens.status
      if (tokens.logId) entry.logId = tokens.logId
    }
    this.activityLog.record(id, entry)
  }

  /**
   * The same person through the same app in the same place is one account, signed in again. With
   * no user to compare (the user could not be read), it is a new account: merging two people is
   * worse than a duplicate.
   */
  private async findSameAccount(input: NewAccount): Promise<StoredAccount | undefined> {
    const hint = tokenHint(input.tokens.accessToken)
    // An account being removed is not signed in again: it goes, and this one is new.
    for (const account of await this.list()) {
      if (account.method !== input.method) continue
      if (this.endpointsOf(account).apiBase !== input.endpoints.apiBase) continue
      if (input.method === 'pat' || input.method === 'sat') {
        // The hint rules out most accounts without touching the vault (which may prompt).
        if (account.tokenHint !== hint) continue
        const tokens = await this.readTokens(account).catch(() => undefined)
        if (tokens?.accessToken === input.tokens.accessToken) return account
        continue
      }
      if (input.method === 'jwt') {
        if (account.profileId === input.profile?.id) return account
        continue
      }
      const userId = input.identity.user?.userId
      if (
        account.clientId === input.profile?.clientId &&
        userId &&
        account.user?.userId === userId
      ) {
        return account
      }
    }
    return undefined
  }

  private endpointsOf(account: RefreshSource): RegionEndpoints {
    return this.options.endpoints.resolve(account.region, {
      ...(account.apiBase ? { apiBase: account.apiBase } : {}),
      ...(account.webBase ? { webBase: account.webBase } : {}),
    })
  }

  private async profileOf(account: RefreshSource): Promise<AppProfile> {
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

  private async readTokens(account: RefreshSource): Promise<AccountTokens> {
    let stored: string | null
    try {
      stored = await this.options.vault.getPassword(vaultService, tokensKey(account.id))
    } catch (error) {
      // A secret that no longer decrypts (the OS key changed) loses this account's tokens, not
      // the app: the account waits for a new sign-in.
      if (error instanceof AppError && error.code === 'SECRET_UNREADABLE') {
        await this.markNeedsSignIn(account.id, error.code)
        this.changed([account.id])
      }
      throw error
    }
    const tokens = stored === null ? undefined : parseTokens(stored)
    if (!tokens && stored === null && this.options.secretsUnavailable) {
      throw this.options.secretsUnavailable
    }
    if (!tokens) {
      await this.markNeedsSignIn(account.id, 'NOT_FOUND')
      this.changed([account.id])
      throw new AppError(
        'NOT_FOUND',
        'The tokens of this account are missing from the secure store, or unreadable. Sign in again.',
      )
    }
    return tokens
  }

  private async markNeedsSignIn(id: string, code: ErrorCode): Promise<void> {
    const account = await this.options.accounts.get(id)
    if (!account || account.status === 'needs-sign-in') return
    const now = this.options.clock.now()
    await this.options.accounts.put({
      ...account,
      status: 'needs-sign-in',
      lastRefresh: { at: now, ok: false, code },
      updatedAt: now,
    })
  }

  private async writeTokens(id: string, tokens: TokenSet): Promise<void> {
    const stored: AccountTokens = { accessToken: tokens.accessToken }
    if (tokens.refreshToken !== undefined) stored.refreshToken = tokens.refreshToken
    await this.options.vault.setPassword(vaultService, tokensKey(id), JSON.stringify(stored))
  }

  /** Runs `work` after every earlier change to the same account has finished. */
  private withLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.then(
      () => undefined,
      () => undefined,
    )
    this.locks.set(id, settled)
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id)
    })
    return next
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

interface NewAccount {
  region: RegionId
  endpoints: RegionEndpoints
  method: StoredAccount['method']
  profile?: AppProfile
  tokens: TokenSet
  identity: Identity
  label?: string
}

export function tokensKey(accountId: string): string {
  return `account:${accountId}:tokens`
}

/** Never lets the text of a damaged entry (which may be a token) reach an error message. */
function parseTokens(stored: string): AccountTokens | undefined {
  try {
    const parsed = JSON.parse(stored) as Partial<AccountTokens>
    return typeof parsed.accessToken === 'string' ? (parsed as AccountTokens) : undefined
  } catch {
    return undefined
  }
}

/** "needs sign-in" is stored; "expired" follows from the clock. */
export function effectiveStatus(account: StoredAccount, now: number): AccountSummary['status'] {
  if (account.status === 'needs-sign-in') return 'needs-sign-in'
  if (account.accessTokenExpiresAt !== undefined && account.accessTokenExpiresAt <= now) {
    return 'expired'
  }
  return 'active'
}

function defaultLabel(input: NewAccount): string {
  const where =
    input.endpoints.region === 'custom'
      ? new URL(input.endpoints.apiBase).host
      : `coze.${input.endpoints.region}`
  const who =
    input.identity.user?.nickName ||
    input.identity.user?.userName ||
    input.profile?.name ||
    (input.method === 'sat' ? 'Service token' : 'Personal token')
  // A long nickname is cut so that the label keeps to the limit, with the host still on it.
  const suffix = ` (${where})`
  const room = Math.max(1, limits.name - Array.from(suffix).length)
  return cutToLength(`${cutToLength(who, room)}${suffix}`, limits.name)
}
