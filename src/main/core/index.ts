/**
 * The core as a library: everything a host (the Electron app, the browser host, a test) needs to
 * build the main-process services. Nothing under `src/main/core` may import `electron`.
 *
 * Three layers, each with one job: `createAuthCore(ports)` builds the core from its ports
 * (`CoreOptions` documents each: the stores, the region endpoints, the browser launcher, the clock,
 * fetch and the proxy); `openPersistentCore(options)` opens the stores on disk and builds the core
 * on them; `createHostServices(options)` runs the contract's handlers, the background refresh and
 * the clipboard on top, for the Electron app and the browser host alike.
 */
export { createAuthCore } from './create-core'
export type { AuthCore, CoreOptions } from './create-core'
export { createHostServices, toStorageStatus } from './host-services'
export type { HostIdentity, HostServices, HostServicesOptions } from './host-services'
export { openPersistentCore } from './open-persistent-core'
export type { PersistentCore, PersistentCoreOptions, StorageReport } from './open-persistent-core'
export type { AccountRepository, AccountTokens, StoredAccount } from './accounts/account'
export { MemorySecretVault } from './accounts/memory-vault'
export { AccountService } from './accounts/account-service'
export type { PastedTokenInput, SignInOptions, SignInProgress } from './accounts/account-service'
export { loadBundledProfiles, ProfileService } from './profile-service'
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
