/**
 * Secrets in one JSON file, each encrypted on its own by the host's encryptor (Electron's
 * safeStorage in the desktop app). Encrypting entry by entry means one secret that no longer
 * decrypts costs only that secret: the rest of the file keeps working.
 */
import { AppError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { SecretVault } from '../ports'
import type { WriteObserver } from './atomic-file'
import { AtomicJsonFile, noWrite } from './atomic-file'

/** Encrypts one string at a time. The Electron shell adapts `safeStorage` to this. */
export interface Encryptor {
  /** Names the scheme, e.g. `safe-storage:gnome_libsecret`; written into the file for support. */
  readonly name: string
  isAvailable(): boolean
  encrypt(plain: string): Buffer
  /** Throws when the blob does not decrypt (another key, or damaged). */
  decrypt(blob: Buffer): string
}

/**
 * Thrown by `getPassword` for one entry that exists but can no longer be read, typically because
 * the OS key that encrypted it changed. Only that entry is affected; the account service marks its
 * account "needs sign-in".
 */
export class SecretUnreadableError extends AppError {
  readonly service: string
  readonly account: string
  constructor(service: string, account: string, cause?: unknown) {
    super(
      'SECRET_UNREADABLE',
      'A saved secret can no longer be read: the system key that protected it has changed, or the entry is damaged. Sign in to this account again to replace it.',
      { params: { reason: 'SECRET_UNREADABLE', service, account }, cause },
    )
    this.service = service
    this.account = account
  }
}

/** Something found wrong with a vault file, for the app to show (never contains a secret). */
export type FileVaultProblem =
  | { kind: 'corrupt-file'; file: string; movedTo: string; reason: string }
  | { kind: 'unreadable-secret'; service: string; account: string }

export interface FileVaultOptions {
  filePath: string
  logger?: Logger
  /** Told about each problem when it is first found (also kept in `problems`). */
  onProblem?: (problem: FileVaultProblem) => void
  now?: () => number
  /** Told of each step of each write of the file (crash tests); see `WriteObserver`. */
  onWriteStep?: WriteObserver
}

/** How one stored value maps to the secret; `decode` throws when it cannot be read. */
export interface SecretCodec {
  readonly backend: string
  encode(plain: string): string
  decode(stored: string): string
}

export const secretsFileVersion = 1

/** The file: `{ version: 1, backend, entries: { [service]: { [account]: value } } }`. */
export interface SecretsDocument {
  backend: string
  // Maps, not objects: a service or account named `__proto__` must stay plain data.
  entries: Map<string, Map<string, string>>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks a parsed secrets file. Error messages name the fault, never the content. */
export function parseSecretsDocument(value: unknown): SecretsDocument {
  if (!isRecord(value)) throw new Error('not a JSON object')
  if (value.version !== secretsFileVersion) {
    throw new Error(
      typeof value.version === 'number' && value.version > secretsFileVersion
        ? `written by a newer version of the app (format ${value.version})`
        : 'unknown format version',
    )
  }
  if (typeof value.backend !== 'string') throw new Error('no backend name')
  if (!isRecord(value.entries)) throw new Error('no entries')
  const entries = new Map<string, Map<string, string>>()
  for (const [service, accounts] of Object.entries(value.entries)) {
    if (!isRecord(accounts)) throw new Error('an entry group is not an object')
    const map = new Map<string, string>()
    for (const [account, stored] of Object.entries(accounts)) {
      if (typeof stored !== 'string') throw new Error('an entry is not a string')
      map.set(account, stored)
    }
    entries.set(service, map)
  }
  return { backend: value.backend, entries }
}

export function serializeSecretsDocument(document: SecretsDocument): unknown {
  // Object.fromEntries defines own properties, so a key named `__proto__` stays ordinary data.
  const entries = Object.fromEntries(
    [...document.entries].map(([service, accounts]) => [service, Object.fromEntries(accounts)]),
  )
  return { version: secretsFileVersion, backend: document.backend, entries }
}

function entryKey(service: string, account: string): string {
  return `${service}\u0000${account}`
}

function errnoOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : ''
  return typeof code === 'string' && code !== '' ? code : 'unknown'
}

/**
 * A `SecretVault` over one JSON file written atomically, with writes one at a time. The encrypted
 * and the plain-text vaults differ only in their codec.
 */
export class FileSecretVault implements SecretVault {
  readonly filePath: string
  protected readonly logger: Logger
  private readonly onProblem: FileVaultOptions['onProblem']
  private readonly file: AtomicJsonFile<SecretsDocument>
  private readonly found = new Map<string, FileVaultProblem>()

  protected constructor(
    options: FileVaultOptions,
    private readonly codec: SecretCodec,
  ) {
    this.filePath = options.filePath
    this.logger = options.logger ?? silentLogger
    this.file = new AtomicJsonFile<SecretsDocument>({
      path: options.filePath,
      parse: parseSecretsDocument,
      serialize: serializeSecretsDocument,
      empty: () => ({ backend: codec.backend, entries: new Map() }),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
      onCorrupt: ({ path, movedTo, reason }) => {
        this.logger.log('error', 'The secrets file was damaged; moved aside, starting empty', {
          file: path,
          movedTo,
          reason,
        })
        this.report({ kind: 'corrupt-file', file: path, movedTo, reason })
      },
    })
    this.onProblem = options.onProblem
  }

  /** Every problem found so far: a moved-aside file, entries that no longer decrypt. */
  get problems(): FileVaultProblem[] {
    return [...this.found.values()]
  }

  /** Reads the file now (it is otherwise read on first use), so a damaged one is reported early. */
  async open(): Promise<void> {
    await this.guard(() => this.file.read())
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    const document = await this.guard(() => this.file.read())
    const stored = document.entries.get(service)?.get(account)
    if (stored === undefined) return null
    return this.decode(service, account, stored)
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    // Encode before queueing: an encryption failure must not take a turn in the write queue.
    const stored = this.codec.encode(password)
    await this.guard(() =>
      this.file.update((draft) => {
        draft.backend = this.codec.backend
        const accounts = draft.entries.get(service) ?? new Map<string, string>()
        accounts.set(account, stored)
        draft.entries.set(service, accounts)
      }),
    )
    this.found.delete(entryKey(service, account))
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    const deleted = await this.guard(() =>
      this.file.update((draft) => {
        const accounts = draft.entries.get(service)
        if (!accounts?.has(account)) return noWrite(false)
        accounts.delete(account)
        if (accounts.size === 0) draft.entries.delete(service)
        return true
      }),
    )
    this.found.delete(entryKey(service, account))
    return deleted
  }

  /** The readable entries of `service`; unreadable ones are skipped (see `findCredentialsReport`). */
  async findCredentials(service: string): Promise<{ account: string; password: string }[]> {
    return (await this.findCredentialsReport(service)).credentials
  }

  /** Like `findCredentials`, and also names the accounts whose secret could not be read. */
  async findCredentialsReport(service: string): Promise<{
    credentials: { account: string; password: string }[]
    unreadable: string[]
  }> {
    const document = await this.guard(() => this.file.read())
    const credentials: { account: string; password: string }[] = []
    const unreadable: string[] = []
    for (const [account, stored] of document.entries.get(service) ?? []) {
      try {
        credentials.push({ account, password: this.decode(service, account, stored) })
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error
        unreadable.push(account)
      }
    }
    return { credentials, unreadable }
  }

  private decode(service: string, account: string, stored: string): string {
    try {
      return this.codec.decode(stored)
    } catch (error) {
      // The codec's own AppErrors (encryption unavailable right now) are not about this entry.
      if (error instanceof AppError) throw error
      this.logger.log('warn', 'A saved secret could not be decrypted', { service, account })
      this.report({ kind: 'unreadable-secret', service, account })
      throw new SecretUnreadableError(service, account, error)
    }
  }

  private report(problem: FileVaultProblem): void {
    const key =
      problem.kind === 'corrupt-file'
        ? `corrupt\u0000${problem.movedTo}`
        : entryKey(problem.service, problem.account)
    if (this.found.has(key)) return
    this.found.set(key, problem)
    this.onProblem?.(problem)
  }

  /** File-system failures become one clear error; the raw one stays as the cause. */
  private async guard<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof AppError) throw error
      const errno = errnoOf(error)
      this.logger.log('error', 'The secrets file could not be read or written', {
        file: this.filePath,
        errno,
      })
      throw new AppError(
        'VAULT_FILE_FAILED',
        `The app could not read or save its secrets file (${this.filePath}, ${errno}). Check that the disk has free space and that the app may write to that folder, then try again.`,
        { params: { reason: 'VAULT_FILE_FAILED', file: this.filePath, errno }, cause: error },
      )
    }
  }
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export interface EncryptedFileVaultOptions extends FileVaultOptions {
  encryptor: Encryptor
}

function encryptionUnavailable(cause?: unknown): AppError {
  return new AppError(
    'ENCRYPTION_UNAVAILABLE',
    "The system's encryption for saved secrets is not available right now (on Linux it needs a running, unlocked keyring). Unlock your keyring or restart the app, or choose another storage for secrets in Settings.",
    { params: { reason: 'ENCRYPTION_UNAVAILABLE' }, cause },
  )
}

/** Secrets encrypted one by one with `encryptor`, kept as base64 in one atomically written file. */
export class EncryptedFileVault extends FileSecretVault {
  readonly encryptor: Encryptor

  constructor(options: EncryptedFileVaultOptions) {
    const { encryptor } = options
    super(options, {
      backend: encryptor.name,
      encode: (plain) => {
        if (!encryptor.isAvailable()) throw encryptionUnavailable()
        try {
          return encryptor.encrypt(plain).toString('base64')
        } catch (error) {
          throw encryptionUnavailable(error)
        }
      },
      decode: (stored) => {
        if (!base64Pattern.test(stored)) throw new Error('not base64')
        const blob = Buffer.from(stored, 'base64')
        try {
          return encryptor.decrypt(blob)
        } catch (error) {
          // Without encryption at the moment, nothing can be decrypted: that is not this entry's
          // fault, and marking accounts "needs sign-in" for it would be wrong.
          if (!encryptor.isAvailable()) throw encryptionUnavailable(error)
          throw error
        }
      },
    })
    this.encryptor = encryptor
  }
}
