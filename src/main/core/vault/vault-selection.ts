/**
 * Chooses where secrets live, and says so: the preferred encrypted backend, else the other
 * encrypted one, else plain text only if the user opted in, else memory with a warning. Secrets
 * are never written unencrypted without that opt-in.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MemorySecretVault } from '../accounts/memory-vault'
import { AppError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { SecretVault } from '../ports'
import type { WriteObserver } from './atomic-file'
import type { Encryptor, FileVaultProblem } from './encrypted-file-vault'
import { EncryptedFileVault } from './encrypted-file-vault'
import type { KeyringBinding } from './keychain-vault'
import { KeychainVault, probeKeychain } from './keychain-vault'
import { PlaintextFileVault } from './plaintext-file-vault'

export type SecretStorageKind = 'safe-storage' | 'keychain' | 'memory' | 'plaintext'

export interface SecretStorageStatus {
  kind: SecretStorageKind
  /** Survives a restart. */
  persisted: boolean
  /** Encrypted at rest. */
  encrypted: boolean
  /** English; shown wherever secrets matter when set (memory, plain text). */
  warning?: string
  /** Why the preferred backend was not usable. `reason` is the precise cause, e.g. KEYCHAIN_LOCKED. */
  problem?: { code: string; message: string; reason?: string }
}

export interface VaultSelectionOptions {
  preferred: 'safe-storage' | 'keychain'
  /** The safeStorage adapter (Electron only). */
  encryptor?: Encryptor
  /** Linux: `safeStorage.getSelectedStorageBackend()`; `basic_text` counts as unavailable. */
  safeStorageBackend?: string
  /** The app's data folder; the secret files go to its `secrets` subfolder. */
  dataDir: string
  /** The user explicitly chose to store secrets unencrypted on this machine. */
  allowPlaintext: boolean
  keychain?: {
    timeoutMs?: number
    /** The service name of the availability probe entry. */
    service?: string
    /** Tests only: the keyring functions. */
    keyring?: KeyringBinding
    /**
     * False: the keychain is taken without the probe (a write, a read and a delete). The command
     * line does so (see cli/own-stores.ts): its first real keychain call answers the question.
     */
    probe?: boolean
  }
  logger?: Logger
  /** Told about a damaged secrets file (moved aside) or a secret that no longer decrypts. */
  onFileProblem?: (problem: FileVaultProblem) => void
  /** Told of each step of each write of a secrets file (crash tests); see `WriteObserver`. */
  onWriteStep?: WriteObserver
}

export interface VaultSelection {
  vault: SecretVault
  status: SecretStorageStatus
  /**
   * Every backend that holds or may hold secrets, so removal can clear them all. The first is
   * `vault` itself; on the others a failed `deletePassword` is logged and answers false instead of
   * throwing, so a backend not in use cannot block the removal of an account.
   */
  all: SecretVault[]
}

export interface SecretFilePaths {
  dir: string
  safeStorage: string
  plaintext: string
}

export function secretFilePaths(dataDir: string): SecretFilePaths {
  const dir = join(dataDir, 'secrets')
  return {
    dir,
    safeStorage: join(dir, 'secrets.safe-storage.json'),
    plaintext: join(dir, 'secrets.plaintext.json'),
  }
}

export const memoryWarning =
  'Secrets are kept only until the app quits: no encrypted storage is available on this computer, so you will have to sign in again after a restart. To keep them, make a keychain available, or choose in Settings to store them unencrypted on this machine.'

export function plaintextWarning(path: string): string {
  return `Secrets are stored unencrypted in ${path}. Anyone who can read your files can use your accounts. Switch to encrypted storage in Settings when a keychain becomes available.`
}

/** Backends (Linux) under which safeStorage does not really encrypt, or has not decided yet. */
const unusableSafeStorageBackends = new Set(['basic_text', 'unknown'])

/** A stand-in for a missing or unusable encryptor: entries can still be deleted, never read. */
const unavailableEncryptor: Encryptor = {
  name: 'unavailable',
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('encryption is not available')
  },
  decrypt: () => {
    throw new Error('encryption is not available')
  },
}

function safeStorageProblem(options: VaultSelectionOptions): AppError | undefined {
  const fix =
    'Install and unlock gnome-keyring or KWallet and restart the app, or choose the keychain in Settings.'
  if (!options.encryptor) {
    return new AppError(
      'SAFE_STORAGE_UNAVAILABLE',
      "The desktop app's encrypted storage (safeStorage) is not available here. Choose the keychain in Settings.",
      { params: { reason: 'SAFE_STORAGE_UNAVAILABLE' } },
    )
  }
  const backend = options.safeStorageBackend
  if (backend !== undefined && unusableSafeStorageBackends.has(backend)) {
    return new AppError(
      'SAFE_STORAGE_UNAVAILABLE',
      `The system encryption has no keyring to protect its key on this desktop (backend ${backend}), so it would not really encrypt. ${fix}`,
      { params: { reason: 'SAFE_STORAGE_UNAVAILABLE', backend } },
    )
  }
  if (!options.encryptor.isAvailable()) {
    return new AppError(
      'SAFE_STORAGE_UNAVAILABLE',
      `The system encryption is not available. ${fix}`,
      {
        params: { reason: 'SAFE_STORAGE_UNAVAILABLE' },
      },
    )
  }
  return undefined
}

type Attempt = { vault: SecretVault; error?: undefined } | { vault?: undefined; error: AppError }

export async function selectSecretVault(options: VaultSelectionOptions): Promise<VaultSelection> {
  const logger = options.logger ?? silentLogger
  const paths = secretFilePaths(options.dataDir)
  const fileOptions = {
    logger,
    ...(options.onFileProblem ? { onProblem: options.onFileProblem } : {}),
    ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
  }
  const keychainOptions = {
    logger,
    ...(options.keychain?.timeoutMs !== undefined ? { timeoutMs: options.keychain.timeoutMs } : {}),
    ...(options.keychain?.keyring ? { keyring: options.keychain.keyring } : {}),
  }

  // The file vault is built even when it cannot encrypt: deleting from an old file still works.
  const safeStorageVault = new EncryptedFileVault({
    ...fileOptions,
    filePath: paths.safeStorage,
    encryptor:
      options.encryptor && safeStorageProblem(options) === undefined
        ? options.encryptor
        : unavailableEncryptor,
  })

  const trySafeStorage = async (): Promise<Attempt> => {
    const error = safeStorageProblem(options)
    if (error) return { error }
    try {
      // Read now, so a damaged file is moved aside and reported at start-up, not mid sign-in.
      await safeStorageVault.open()
      return { vault: safeStorageVault }
    } catch (caught) {
      return { error: asAppError(caught) }
    }
  }

  let keychainVault: KeychainVault | undefined
  const tryKeychain = async (): Promise<Attempt> => {
    if (options.keychain?.probe !== false) {
      const probe = await probeKeychain({
        ...keychainOptions,
        ...(options.keychain?.service !== undefined ? { service: options.keychain.service } : {}),
      })
      if (!probe.available) return { error: probe.error }
    }
    keychainVault = new KeychainVault(keychainOptions)
    return { vault: keychainVault }
  }

  const order =
    options.preferred === 'keychain'
      ? ([
          ['keychain', tryKeychain],
          ['safe-storage', trySafeStorage],
        ] as const)
      : ([
          ['safe-storage', trySafeStorage],
          ['keychain', tryKeychain],
        ] as const)

  let problem: SecretStorageStatus['problem']
  let chosen:
    { kind: SecretStorageKind; vault: SecretVault; status: SecretStorageStatus } | undefined
  for (const [kind, attempt] of order) {
    const result = await attempt()
    if (result.vault) {
      chosen = {
        kind,
        vault: result.vault,
        status: { kind, persisted: true, encrypted: true, ...(problem ? { problem } : {}) },
      }
      break
    }
    logger.log('warn', 'A secret storage is not usable', {
      backend: kind,
      reason: reasonOf(result.error),
    })
    problem ??= {
      code: result.error.code,
      message: result.error.message,
      ...(reasonOf(result.error) ? { reason: reasonOf(result.error) } : {}),
    }
  }

  // A plain-text file from an earlier opt-in still holds secrets; it must be cleared on removal.
  const plaintextExists = existsSync(paths.plaintext)
  let plaintextVault: PlaintextFileVault | undefined
  if (!chosen && options.allowPlaintext) {
    plaintextVault = new PlaintextFileVault({
      ...fileOptions,
      filePath: paths.plaintext,
      userConsented: true,
    })
    try {
      await plaintextVault.open()
      chosen = {
        kind: 'plaintext',
        vault: plaintextVault,
        status: {
          kind: 'plaintext',
          persisted: true,
          encrypted: false,
          warning: plaintextWarning(paths.plaintext),
          ...(problem ? { problem } : {}),
        },
      }
    } catch (caught) {
      logger.log('error', 'The unencrypted secrets file is not usable', {
        reason: reasonOf(asAppError(caught)),
      })
    }
  } else if (plaintextExists) {
    logger.log('warn', 'An unencrypted secrets file from an earlier choice is still on disk', {
      file: paths.plaintext,
    })
    // Opened only so that removing an account also removes its secrets from this old file; the
    // user consented when it was written.
    plaintextVault = new PlaintextFileVault({
      ...fileOptions,
      filePath: paths.plaintext,
      userConsented: true,
    })
  }

  if (!chosen) {
    chosen = {
      kind: 'memory',
      vault: new MemorySecretVault(),
      status: {
        kind: 'memory',
        persisted: false,
        encrypted: false,
        warning: memoryWarning,
        ...(problem ? { problem } : {}),
      },
    }
  }

  const others = new Set<SecretVault>()
  if (options.encryptor || existsSync(paths.safeStorage)) others.add(safeStorageVault)
  if (keychainVault) others.add(keychainVault)
  if (plaintextVault) others.add(plaintextVault)
  others.delete(chosen.vault)
  const all = [chosen.vault, ...[...others].map((vault) => forCleanup(vault, logger))]
  logger.log('info', 'Secret storage selected', {
    kind: chosen.kind,
    persisted: chosen.status.persisted,
    encrypted: chosen.status.encrypted,
  })
  return { vault: chosen.vault, status: chosen.status, all }
}

/** A backend not in use, for removals: its failures are logged, never thrown. */
function forCleanup(vault: SecretVault, logger: Logger): SecretVault {
  return {
    getPassword: (service, account) => vault.getPassword(service, account),
    setPassword: (service, account, password) => vault.setPassword(service, account, password),
    findCredentials: (service) => vault.findCredentials(service),
    deletePassword: async (service, account) => {
      try {
        return await vault.deletePassword(service, account)
      } catch (error) {
        logger.log('warn', 'Could not remove a secret from a storage not in use', {
          service,
          account,
          reason: error instanceof AppError ? reasonOf(error) : undefined,
        })
        return false
      }
    },
  }
}

function reasonOf(error: AppError): string | undefined {
  const reason = error.params?.reason
  return typeof reason === 'string' ? reason : undefined
}

function asAppError(error: unknown): AppError {
  return error instanceof AppError
    ? error
    : new AppError('VAULT_FILE_FAILED', 'The secret storage could not be opened.', {
        params: { reason: 'VAULT_FILE_FAILED' },
        cause: error,
      })
}
