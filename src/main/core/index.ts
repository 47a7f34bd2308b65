/**
 * The core as a library: everything a host (the Electron app, the browser host, a test) needs to
 * build the main-process services. Nothing under `src/main/core` may import `electron`.
 *
 * Build it with `createAuthCore(options)`; `CoreOptions` documents each option (the region
 * endpoints, the vault, the browser launcher, the clock, fetch and the proxy).
 */
export { createAuthCore } from './create-core'
export type { AuthCore, CoreOptions } from './create-core'
export { createCompanion, toStorageStatus } from './companion'
export { openPersistentCore } from './open-persistent-core'
export type { PersistentCore, PersistentCoreOptions, StorageReport } from './open-persistent-core'
export type { Companion, CompanionOptions } from './companion'
export type { AccountRepository, AccountTokens, StoredAccount } from './accounts/account'
export { MemoryAccountRepository } from './accounts/account'
export { MemorySecretVault } from './accounts/memory-vault'
export { AccountService } from './accounts/account-service'
export type { PastedTokenInput, SignInOptions, SignInProgress } from './accounts/account-service'
export { loadBundledProfiles, MemoryProfileRepository, ProfileService } from './profile-service'
export type { ProfileRepository } from './profile-service'
export type { AppProfile, ClientType, ProfileSecrets } from './profiles'
export { parseOAuthConfigFile } from './profiles'
export * from './errors'
export { AppEventBus } from './events'
export type { Logger, LogLevel, LogFields } from './logger'
export { createConsoleLogger, silentLogger, redactFields } from './logger'
export type { BrowserLauncher, ClipboardPort, Clock, FetchLike, SecretVault } from './ports'
export { systemClock } from './ports'
export type { EndpointOverrides, RegionEndpoints, RegionOverrides } from './regions'
export { EndpointResolver, IncompleteRegionOverridesError, resolveEndpoints } from './regions'
export type { Dispatch } from './rpc/dispatcher'
export {
  appHelpPages,
  ExternalUrlPolicy,
  ExternalUrlRefusedError,
  hasOpenableScheme,
  isLoopbackHost,
  isTrustedSenderUrl,
} from './security/url-policy'
