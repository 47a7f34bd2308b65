/**
 * Secrets in one JSON file, each encrypted on its own by the host's encryptor (Electron's
 * safeStorage in the desktop app). Encrypting entry by entry means one secret that no longer
 * decrypts costs only that secret: the rest of the file keeps working.
 */
import { AppError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { SecretVault } from '../ports'
import { stat } from 'node:fs/promises'
import type { WriteObserver } from './atomic-file'
import { moveAside, readJsonFile, removeStaleTempFiles, writeFileAtomic } from './atomic-file'
import { journalPathFor, JournalWriter, newGeneration, readJournal } from './journal'

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

/**
 * Version 2 is a snapshot continued by a journal (see vault/journal.ts) and names its generation;
 * version 1, the whole file rewritten at every change, is read and upgraded at the first open.
 */
export const secretsFileVersion = 2

/**
 * The snapshot: `{ version, backend, generation, entries: { [service]: { [account]: value } } }`;
 * the journal beside it: one line per group of changes saved together,
 * `{"changes":[{"set":[service, account, value]}, {"delete":[service, account]}]}`.
 */
export interface SecretsDocument {
  backend: string
  /** The journal generation the snapshot names (none in a version 1 file). */
  generation?: string
  // Maps, not objects: a service or account named `__proto__` must stay plain data.
  entries: Map<string, Map<string, string>>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks a parsed secrets file. Error messages name the fault, never the content. */
export function parseSecretsDocument(value: unknown): SecretsDocument {
  if (!isRecord(value)) throw new Error('not a JSON object')
  if (value.version !== 1 && value.version !== secretsFileVersion) {
    throw new Error(
      typeof value.version === 'number' && value.version > secretsFileVersion
        ? `written by a newer version of the app (format ${value.version})`
        : 'unknown format version',
    )
  }
  if (typeof value.backend !== 'string') throw new Error('no backend name')
  if (!isRecord(value.entries)) throw new Error('no entries')
  if (value.version === secretsFileVersion && typeof value.generation !== 'string') {
    throw new Error('no generation')
  }
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
  return {
    backend: value.backend,
    ...(typeof value.generation === 'string' ? { generation: value.generation } : {}),
    entries,
  }
}

export function serializeSecretsDocument(document: SecretsDocument): unknown {
  // Object.fromEntries defines own properties, so a key named `__proto__` stays ordinary data.
  const entries = Object.fromEntries(
    [...document.entries].map(([service, accounts]) => [service, Object.fromEntries(accounts)]),
  )
  return {
    version: secretsFileVersion,
    backend: document.backend,
    generation: document.generation,
    entries,
  }
}

/** One change of the secrets, as the journal records it. */
type SecretChange = { set: [string, string, string] } | { delete: [string, string] }

function isStrings(value: unknown, length: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((item) => typeof item === 'string')
  )
}

/** The changes of one journal line, or undefined when the line is not one this build wrote. */
function parseChanges(entry: unknown): SecretChange[] | undefined {
  if (!isRecord(entry) || !Array.isArray(entry.changes)) return undefined
  const changes: SecretChange[] = []
  for (const change of entry.changes as unknown[]) {
    if (!isRecord(change)) return undefined
    if (isStrings(change.set, 3)) changes.push({ set: change.set as [string, string, string] })
    else if (isStrings(change.delete, 2))
      changes.push({ delete: change.delete as [string, string] })
    else return undefined
  }
  return changes
}

/** Applies one change to the entries, and returns what undoes it. */
function applyChange(entries: SecretsDocument['entries'], change: SecretChange): () => void {
  const [service, account] = 'set' in change ? change.set : change.delete
  const accounts = entries.get(service)
  const before = accounts?.get(account)
  if ('set' in change) {
    const target = accounts ?? new Map<string, string>()
    target.set(account, change.set[2])
    entries.set(service, target)
  } else if (accounts) {
    accounts.delete(account)
    if (accounts.size === 0) entries.delete(service)
  }
  return () => {
    const now = entries.get(service) ?? new Map<string, string>()
    if (before === undefined) now.delete(account)
    else now.set(account, before)
    if (now.size === 0) entries.delete(service)
    else entries.set(service, now)
  }
}

function entryKey(service: string, account: string): string {
  return `${service}\u0000${account}`
}

function errnoOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : ''
  return typeof code === 'string' && code !== '' ? code : 'unknown'
}

interface PendingSecretChange {
  change: SecretChange
  resolve(existed: boolean): void
  reject(error: unknown): void
}

/** The journal is compacted once it is longer than this and than the snapshot. */
const compactAfterBytes = 256 * 1024

/**
 * A `SecretVault` over one snapshot file and its journal. A change appends one line (the changes
 * that arrive while one is being written share the next line and its flush to disk); the whole
 * file is rewritten only when the journal has outgrown it, and at an open that found changes in
 * the journal. The encrypted and the plain-text vaults differ only in their codec.
 */
export class FileSecretVault implements SecretVault {
  readonly filePath: string
  protected readonly logger: Logger
  private readonly onProblem: FileVaultOptions['onProblem']
  private readonly found = new Map<string, FileVaultProblem>()
  private readonly journal: JournalWriter
  private loading: Promise<SecretsDocument> | undefined
  private document: SecretsDocument | undefined
  private snapshotBytes = 0
  private pending: PendingSecretChange[] = []
  private writing: Promise<void> | undefined

  protected constructor(
    private readonly options: FileVaultOptions,
    private readonly codec: SecretCodec,
  ) {
    this.filePath = options.filePath
    this.logger = options.logger ?? silentLogger
    this.onProblem = options.onProblem
    this.journal = new JournalWriter({
      path: journalPathFor(options.filePath),
      ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
    })
  }

  /** Every problem found so far: a moved-aside file, entries that no longer decrypt. */
  get problems(): FileVaultProblem[] {
    return [...this.found.values()]
  }

  /** Reads the file now (it is otherwise read on first use), so a damaged one is reported early. */
  async open(): Promise<void> {
    await this.guard(() => this.load())
  }

  /** Waits for the changes under way and lets go of the journal's file. */
  async close(): Promise<void> {
    await this.writing
    await this.journal.close()
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    const document = await this.guard(() => this.load())
    const stored = document.entries.get(service)?.get(account)
    if (stored === undefined) return null
    return this.decode(service, account, stored)
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    // Encode before queueing: an encryption failure must not take a turn in the write queue.
    const stored = this.codec.encode(password)
    await this.guard(() => this.commit({ set: [service, account, stored] }))
    this.found.delete(entryKey(service, account))
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    const deleted = await this.guard(() => this.commit({ delete: [service, account] }))
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
    const document = await this.guard(() => this.load())
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

  private load(): Promise<SecretsDocument> {
    this.loading ??= this.readFiles().catch((error: unknown) => {
      // A failure to read (permissions, I/O) is tried again at the next call.
      this.loading = undefined
      throw error
    })
    return this.loading
  }

  private async readFiles(): Promise<SecretsDocument> {
    const path = this.options.filePath
    const journalPath = journalPathFor(path)
    await removeStaleTempFiles(path)
    await removeStaleTempFiles(journalPath)
    const read = await readJsonFile(path, parseSecretsDocument, {
      moveAsideCorrupt: true,
      ...(this.options.now ? { now: this.options.now } : {}),
    })
    let document: SecretsDocument
    if (read.status === 'ok') {
      document = read.value
    } else {
      if (read.status === 'corrupt' && read.movedTo !== undefined) {
        this.logger.log('error', 'The secrets file was damaged; moved aside, starting empty', {
          file: path,
          movedTo: read.movedTo,
          reason: read.reason,
        })
        this.report({
          kind: 'corrupt-file',
          file: path,
          movedTo: read.movedTo,
          reason: read.reason,
        })
      }
      document = { backend: this.codec.backend, entries: new Map() }
    }

    // The journal continues the snapshot only when it names the same generation.
    let current = false
    const journal = await readJournal(journalPath, document.generation)
    if (journal.status === 'ok') {
      let applied = 0
      for (const entry of journal.entries) {
        const changes = parseChanges(entry)
        if (!changes) break
        for (const change of changes) applyChange(document.entries, change)
        applied += 1
      }
      if (journal.damaged || applied < journal.entries.length) {
        const movedTo = await moveAside(journalPath, this.options.now?.() ?? Date.now())
        const reason = `a line of its journal is damaged; the ${applied} changes before it were kept`
        this.logger.log('error', 'The journal of the secrets file was damaged; moved aside', {
          file: journalPath,
          movedTo,
          changesKept: applied,
        })
        this.report({ kind: 'corrupt-file', file: journalPath, movedTo, reason })
      } else if (applied === 0 && !journal.tornTail && document.generation !== undefined) {
        current = true
        this.journal.resume(journal.bytes)
      }
    } else if (journal.status === 'unreadable') {
      const movedTo = await moveAside(journalPath, this.options.now?.() ?? Date.now())
      this.report({ kind: 'corrupt-file', file: journalPath, movedTo, reason: journal.reason })
    }
    this.document = document
    if (current) {
      this.snapshotBytes = (await stat(path)).size
    } else if (read.status === 'ok' || document.entries.size > 0 || journal.status !== 'missing') {
      // A version 1 file, changes replayed, a cut-off line, or a journal of another snapshot:
      // written anew as one snapshot with a fresh journal.
      await this.compact()
    }
    return document
  }

  /** Writes the whole document as a new snapshot of a new generation, then starts its journal. */
  private async compact(): Promise<void> {
    const document = this.document
    if (!document) return
    const generation = newGeneration()
    const text = `${JSON.stringify(serializeSecretsDocument({ ...document, generation }), null, 2)}\n`
    await writeFileAtomic(this.options.filePath, text, 0o600, {
      ...(this.options.onWriteStep ? { onWriteStep: this.options.onWriteStep } : {}),
    })
    document.generation = generation
    this.snapshotBytes = Buffer.byteLength(text)
    await this.journal.start(generation)
  }

  /** Queues a change; resolves with whether the entry existed before it. */
  private commit(change: SecretChange): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ change, resolve, reject })
      this.writing ??= this.writeAll()
    })
  }

  /**
   * Writes batch after batch until nothing is pending. `writing` is cleared in the same step that
   * finds the queue empty, so a change queued after that starts a new run, never waits for none.
   */
  private async writeAll(): Promise<void> {
    try {
      await this.load()
      while (this.pending.length > 0) await this.writeBatch(this.pending.splice(0))
    } catch (error) {
      for (const waiting of this.pending.splice(0)) waiting.reject(error)
    } finally {
      this.writing = undefined
    }
  }

  private async writeBatch(batch: PendingSecretChange[]): Promise<void> {
    const document = this.document
    if (!document) throw new Error('the secrets file is not open')
    // Whether each entry existed, given the changes before it in the batch (a delete after a set
    // of the same entry finds it). Memory changes only once the disk has the changes.
    const existsAfter = new Map<string, boolean>()
    const existed = batch.map(({ change }) => {
      const [service, account] = 'set' in change ? change.set : change.delete
      const key = entryKey(service, account)
      const had = existsAfter.get(key) ?? document.entries.get(service)?.has(account) === true
      existsAfter.set(key, 'set' in change)
      return had
    })
    const written = batch
      .map(({ change }, index) => ('set' in change || existed[index] ? change : undefined))
      .filter((change) => change !== undefined)
    try {
      if (written.length === 0) {
        // Only deletes of entries that are not there: nothing to write.
      } else if (
        this.journal.needsRestart ||
        document.generation === undefined ||
        document.backend !== this.codec.backend
      ) {
        // No journal to continue (a new file, a failed append, another backend): the changes go
        // into a new snapshot, taken back from memory if it cannot be written.
        const backendBefore = document.backend
        const undo = written.map((change) => applyChange(document.entries, change))
        document.backend = this.codec.backend
        try {
          await this.compact()
        } catch (error) {
          for (const step of undo.reverse()) step()
          document.backend = backendBefore
          throw error
        }
      } else {
        await this.journal.append(JSON.stringify({ changes: written }))
        for (const change of written) applyChange(document.entries, change)
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error)
      return
    }
    batch.forEach((waiting, index) => waiting.resolve(existed[index] === true))
    if (this.journal.bytes > Math.max(compactAfterBytes, this.snapshotBytes)) {
      await this.compact().catch((error: unknown) => {
        // The journal keeps every change; compacting is tried again after the next one.
        this.logger.log('warn', 'The secrets file could not be compacted', {
          file: this.filePath,
          errno: errnoOf(error),
        })
      })
    }
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
