import { AccountService } from './accounts/account-service'
import { AvatarCache } from './accounts/avatars'
import type { AccountRepository } from './accounts/account'
import { AppEventBus } from './events'
import { HttpClient } from './http/http-client'
import type { ProxySetting } from './http/proxy-fetch'
import { createProxyAwareFetch } from './http/proxy-fetch'
import type { Logger } from './logger'
import { silentLogger } from './logger'
import type { BrowserLauncher, Clock, FetchLike, SecretVault } from './ports'
import { systemClock } from './ports'
import type { ProfileRepository } from './profile-service'
import type { AppProfile } from './profiles'
import { ProfileService } from './profile-service'
import type { RegionOverrides } from './regions'
import { EndpointResolver } from './regions'
import { ExternalUrlPolicy } from './security/url-policy'
import { VaultTransfer } from './vault/transfer'
import type { AppError } from './errors'

/**
 * The ports the auth core is built from. The stores (`vault`, `accounts`, `profiles`) and `browser`
 * are required; the rest default to the real world (system clock, global fetch through the proxy
 * setting). The apps get their stores from `openPersistentCore`; tests pass in-memory ones.
 */
export interface CoreOptions {
  /** Where secrets go (tokens, client secrets, private keys). */
  vault: SecretVault
  /** Every backend that may still hold secrets from before a switch; removal cleans them all. */
  allVaults?: readonly SecretVault[]
  /** How long a removed account can be brought back (default: a few seconds). */
  removalUndoMs?: number
  /** Opens authorize and device-verification pages in the user's browser. */
  browser: BrowserLauncher
  /**
   * Stand-ins for coze.com and coze.cn: `{ com: { apiBase, webBase? }, cn: … }`, both or none (a
   * partial set throws IncompleteRegionOverridesError). The sandbox and the tests point these at
   * loopback; the apps leave them unset.
   */
  regions?: RegionOverrides
  /** Account metadata (no secrets). */
  accounts: AccountRepository
  /** App profiles (their secrets go to `vault`). */
  profiles: ProfileRepository
  /** Profiles shipped with the build (see `loadBundledProfiles`). */
  bundledProfiles?: readonly AppProfile[]
  clock?: Clock
  /** Replaces the network entirely (tests); otherwise fetch goes through `proxy`. */
  fetch?: FetchLike
  /** An explicit proxy URL, or HTTPS_PROXY from the environment (the default). */
  proxy?: ProxySetting
  /** Per request, default 20 s. */
  timeoutMs?: number
  logger?: Logger
  /** Where "accounts changed" goes; a new bus by default. */
  events?: AppEventBus
  /** See `AccountServiceOptions.secretsUnavailable`. */
  secretsUnavailable?: AppError
}

export interface AuthCore {
  accounts: AccountService
  profiles: ProfileService
  /** Export and import of accounts and profiles. */
  transfer: VaultTransfer
  endpoints: EndpointResolver
  /** What may be opened in the system browser: the regions' web hosts and the help pages. */
  externalUrls: ExternalUrlPolicy
  /** The accounts' pictures as data: URLs (the window loads no remote image). */
  avatars: AvatarCache
  http: HttpClient
  events: AppEventBus
  clock: Clock
  /** The secret store in use (main side only). */
  vault: SecretVault
  /** Applies a new proxy setting to every later request. */
  setProxy(setting: ProxySetting): void
}

/**
 * Layer 1 of 3: the auth core from its ports, with no file or keychain of its own. Layer 2,
 * `openPersistentCore`, opens the stores on disk and builds the core here; layer 3,
 * `createHostServices`, runs the contract's handlers, the refresh and the clipboard on top.
 */
export function createAuthCore(options: CoreOptions): AuthCore {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  const events = options.events ?? new AppEventBus()
  const http = new HttpClient({
    fetch:
      options.fetch ??
      createProxyAwareFetch(options.proxy ?? {}, process.env, (message) =>
        logger.log('warn', message),
      ),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  const endpoints = new EndpointResolver(options.regions)
  const externalUrls = new ExternalUrlPolicy(() => endpoints.webOrigins())
  // Every page the core opens (authorize, device verification) passes the policy here, whatever
  // the host's launcher checks: a server that names another host for its verification page
  // does not get the person's browser sent there.
  const browser: BrowserLauncher = {
    open: async (url) => {
      externalUrls.check(url)
      await options.browser.open(url)
    },
  }
  const avatars = new AvatarCache({
    http,
    clock,
    logger,
    // The rows and the detail that showed initials while the picture loaded now show it.
    onLoaded: (accountIds) => events.emit('accountsChanged', { accountIds }),
  })
  const profiles = new ProfileService(
    options.profiles,
    options.vault,
    undefined,
    options.bundledProfiles ?? [],
  )
  const accounts = new AccountService({
    accounts: options.accounts,
    profiles,
    vault: options.vault,
    http,
    clock,
    browser,
    endpoints,
    events,
    logger,
    ...(options.allVaults ? { allVaults: options.allVaults } : {}),
    ...(options.secretsUnavailable ? { secretsUnavailable: options.secretsUnavailable } : {}),
    ...(options.removalUndoMs !== undefined ? { removalUndoMs: options.removalUndoMs } : {}),
  })
  const transfer = new VaultTransfer({
    accounts: options.accounts,
    profiles,
    profileRepository: options.profiles,
    vault: options.vault,
    now: () => clock.now(),
  })
  const setProxy = (setting: ProxySetting): void => {
    // An injected fetch (tests) is the whole network: a proxy setting cannot apply to it.
    if (options.fetch) return
    http.useFetch(
      createProxyAwareFetch(setting, process.env, (message) => logger.log('warn', message)),
    )
  }
  return {
    accounts,
    profiles,
    transfer,
    endpoints,
    externalUrls,
    avatars,
    http,
    events,
    clock,
    vault: options.vault,
    setProxy,
  }
}
