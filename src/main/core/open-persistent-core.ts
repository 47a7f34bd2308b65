import type { AuthCore, CoreOptions } from './create-core'
import { createAuthCore } from './create-core'
import type { Logger } from './logger'
import { silentLogger } from './logger'
import { isErrorCode } from '../../shared/errors'
import { AppError } from './errors'
import type { BrowserLauncher } from './ports'
import { loadBundledProfiles } from './profile-service'
import type { Encryptor, FileVaultProblem } from './vault/encrypted-file-vault'
import type { AppSettings, MetadataRecovery, MetadataStore } from './vault/metadata'
import { openMetadataStore, recoveryNeeded } from './vault/metadata'
import type { WriteObserver } from './vault/atomic-file'
import type { SecretStorageStatus } from './vault/vault-selection'
import type { VaultSelection, VaultSelectionOptions } from './vault/vault-selection'
import { memoryWarning, selectSecretVault } from './vault/vault-selection'
import { MemorySecretVault } from './accounts/memory-vault'

/** What the app found when it opened its stores, for the window to show. */
export interface StorageReport {
  secrets: SecretStorageStatus
  /** Present when the account list had to be repaired (moved aside, restored, records set aside). */
  recovery?: MetadataRecovery
  /** Damaged secret files moved aside, and secrets that no longer decrypt. */
  secretProblems: FileVaultProblem[]
  /** Accounts whose tokens were missing or unreadable: they now need a sign-in. */
  accountsNeedingSignIn: string[]
  /** Bundled profile files that could not be used, and why. */
  bundledProfileProblems: { file: string; reason: string }[]
}

export interface PersistentCoreOptions {
  /** The app's data folder (Electron: `app.getPath('userData')`). */
  dataDir: string
  /** The safeStorage adapter and its Linux backend name (Electron only). */
  encryptor?: Encryptor
  safeStorageBackend?: string
  /** The keychain's binding and timeout (tests put a broken or a slow one here). */
  keychain?: VaultSelectionOptions['keychain']
  /** Where secrets go when the settings say nothing else. */
  defaultSecretStorage: AppSettings['secretStorage']
  browser: BrowserLauncher
  /** A folder of `coze_oauth_config.json` files shipped with the build. */
  bundledProfilesDir?: string
  regions?: CoreOptions['regions']
  clock?: CoreOptions['clock']
  logger?: Logger
  /**
   * Keep secrets in memory only, whatever the settings say. For the demo: its tokens are the
   * stand-in's, worthless after it stops, and must not land in the person's keychain.
   */
  secretsInMemoryOnly?: boolean
  /**
   * Told of each step of each write of the account list and the secret files, so that a crash
   * test can kill the app at a chosen moment inside a write; see `WriteObserver`.
   */
  onWriteStep?: WriteObserver
}

export interface PersistentCore {
  core: AuthCore
  store: MetadataStore
  report: StorageReport
}

/**
 * Layer 2 of 3: opens the account list and the secret store on disk, repairs what it can, and
 * builds the auth core on them (layer 1, `createAuthCore`). The Electron app and the browser host
 * both start here, with their own adapters, and hand the result to `createHostServices`.
 */
export async function openPersistentCore(options: PersistentCoreOptions): Promise<PersistentCore> {
  const logger = options.logger ?? silentLogger
  const { store, recovery } = await openMetadataStore({
    dir: options.dataDir,
    logger,
    ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
  })
  const settings = store.getSettings()
  const secretProblems: FileVaultProblem[] = []
  const selection = options.secretsInMemoryOnly
    ? memoryOnlySelection()
    : await selectSecretVault({
        preferred: settings.secretStorage ?? options.defaultSecretStorage,
        ...(options.encryptor ? { encryptor: options.encryptor } : {}),
        ...(options.safeStorageBackend !== undefined
          ? { safeStorageBackend: options.safeStorageBackend }
          : {}),
        dataDir: options.dataDir,
        ...(options.keychain ? { keychain: options.keychain } : {}),
        allowPlaintext: settings.allowPlaintextSecrets,
        logger,
        onFileProblem: (problem) => secretProblems.push(problem),
        ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
      })
  const bundled = options.bundledProfilesDir
    ? await loadBundledProfiles(options.bundledProfilesDir)
    : { profiles: [], problems: [] }
  // Memory in place of the storage the settings chose (it could not be opened): the accounts'
  // tokens are still there, out of reach until it opens again.
  const fallback = selection.status.kind === 'memory' && !options.secretsInMemoryOnly
  const core = createAuthCore({
    vault: selection.vault,
    ...(fallback ? { secretsUnavailable: secretsOutOfReach(selection.status) } : {}),
    allVaults: selection.all,
    accounts: store.accounts,
    profiles: store.profiles,
    bundledProfiles: bundled.profiles,
    browser: options.browser,
    proxy: settings.proxyUrl ? { url: settings.proxyUrl } : {},
    logger,
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  })
  // A secret store that was replaced, or lost, leaves accounts without tokens: say so now.
  const accountsNeedingSignIn = await core.accounts.reconcileSecrets()
  const report: StorageReport = {
    secrets: selection.status,
    secretProblems,
    accountsNeedingSignIn,
    bundledProfileProblems: bundled.problems,
  }
  if (recoveryNeeded(recovery)) report.recovery = recovery
  return { core, store, report }
}

function secretsOutOfReach(status: SecretStorageStatus): AppError {
  const code = status.problem?.code
  return new AppError(
    isErrorCode(code) ? code : 'ENCRYPTION_UNAVAILABLE',
    `This account's tokens are in the secret storage the app could not open at start (${status.problem?.message ?? 'it was not available'}). Unlock your keyring, then restart the app; nothing was lost.`,
  )
}

/**
 * The demo's deliberate in-memory vault (see `secretsInMemoryOnly`): production code, not a test
 * fake, which is why `MemorySecretVault` stays in src.
 */
function memoryOnlySelection(): VaultSelection {
  const vault = new MemorySecretVault()
  return {
    vault,
    status: { kind: 'memory', persisted: false, encrypted: false, warning: memoryWarning },
    all: [vault],
  }
}
