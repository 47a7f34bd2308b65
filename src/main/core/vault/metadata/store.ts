/**
 * The metadata store: every account's metadata, the app profiles and the settings. Nothing secret
 * lives here: tokens and keys go to the secret vault, and the store refuses anything that looks
 * like one (`assertNoSecrets`).
 *
 * On disk it is a snapshot (`metadata.json`) and a journal of the changes since
 * (`metadata.journal`, see vault/journal.ts): a save appends only the records it changed and
 * flushes them, so refreshing one account of a thousand writes one account. Saves that arrive
 * while one is being written are committed together in the next append. When the journal has
 * grown past the snapshot's size (and at least 1 MB), the next save compacts it into a new
 * snapshot; every open that finds changes in the journal compacts too.
 *
 * A file that cannot be used at all is moved aside (never deleted, never overwritten) and the
 * last good backup is used instead; a single bad record is moved to a quarantine file next to the
 * store. Either way `openMetadataStore` reports it, so the app can tell the user.
 */
import { mkdir } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ValidateFunction } from 'ajv'
import { storedProfileSchema } from '../../../../shared/schemas'
import type {
  AccountBrief,
  AccountPatch,
  AccountRepository,
  StoredAccount,
} from '../../accounts/account'
import { briefOf } from '../../accounts/account'
import { AppError, InvalidArgumentError } from '../../errors'
import type { Logger } from '../../logger'
import { silentLogger } from '../../logger'
import type { ProfileRepository } from '../../profile-service'
import type { AppProfile } from '../../profiles'
import { refusalOf } from '../../schema-check'
import type { WriteObserver } from '../atomic-file'
import { writeFileAtomic } from '../atomic-file'
import { JournalWriter, newGeneration } from '../journal'
import type { Collection } from './changes'
import { MetadataDraft } from './changes'
import type { AppSettings, JsonObject, MetadataDocument, SettingsPatch } from './document'
import { describeErrors, isObject, validators } from './document'
import type {
  Candidate,
  QuarantineEntry,
  QuarantinedRecord,
  StoreProblem,
  StorePaths,
} from './file'
import {
  emptyDocument,
  errorCode,
  fileMode,
  moveAside,
  readCandidate,
  removeStaleTempFiles,
  storePaths,
  writeQuarantine,
} from './file'
import { assertNoSecrets } from './secret-guard'
import { DocumentSerializer, SavedRecord } from './serializer'

export interface MetadataStore {
  /** The store file (the snapshot; the journal is beside it). */
  readonly path: string
  readonly accounts: AccountRepository
  readonly profiles: ProfileRepository
  getSettings(): AppSettings
  /** Applies the patch, saves, and returns the settings as saved. */
  updateSettings(patch: SettingsPatch): Promise<AppSettings>
  /** Waits for the saves under way and lets go of the journal's file. */
  close(): Promise<void>
}

export interface MetadataRecovery {
  /** Where the store file went when it could not be used (it is kept, never deleted). */
  movedAside?: string
  problem?: StoreProblem
  /** Why, as a phrase that quotes nothing from the file. */
  detail?: string
  /** The data comes from the backup taken at an earlier open: later changes are missing. */
  restoredFromBackup?: boolean
  /** The backup could not be used either, and went here. */
  backupMovedAside?: string
  /**
   * The journal was damaged part way (the disk, not a crash): the changes before the damage were
   * kept, and the file went here.
   */
  journalMovedAside?: string
  /** Records left out of the live store; each one is kept in `quarantineFile`. */
  quarantined: QuarantinedRecord[]
  quarantineFile?: string
  /** An older version's file, upgraded (the backup still holds it as it was). */
  migratedFrom?: number
}

/** Whether the user should hear about this open (an upgrade alone is not news). */
export function recoveryNeeded(recovery: MetadataRecovery): boolean {
  return (
    recovery.movedAside !== undefined ||
    recovery.restoredFromBackup === true ||
    recovery.backupMovedAside !== undefined ||
    recovery.journalMovedAside !== undefined ||
    recovery.quarantined.length > 0
  )
}

export interface OpenMetadataStoreOptions {
  /** The folder of the store (Electron: userData). Created when missing. */
  dir: string
  /** Default `metadata` (the files are `metadata.json` and `metadata.journal`). */
  fileName?: string
  /** Unix ms, for the names and records of moved-aside and quarantined data. */
  clock?: () => number
  logger?: Logger
  /** Told of each write of the store's files (crash tests; see `WriteObserver`). */
  onWriteStep?: WriteObserver
  /**
   * The journal is compacted into a new snapshot once it is longer than this many bytes and than
   * the snapshot. Default 1 MiB; tests set it low to compact often.
   */
  compactAfterBytes?: number
}

export interface OpenedMetadataStore {
  store: MetadataStore
  recovery: MetadataRecovery
}

const defaultCompactAfterBytes = 1024 * 1024

/**
 * Opens the store, recovering what it can from a damaged file first. Reads the files once; from
 * then on the document lives in memory, and each save appends its changes to the journal.
 */
export async function openMetadataStore(
  options: OpenMetadataStoreOptions,
): Promise<OpenedMetadataStore> {
  const now = options.clock ?? Date.now
  const logger = options.logger ?? silentLogger
  const paths = storePaths(options.dir, options.fileName)
  await mkdir(paths.dir, { recursive: true, mode: 0o700 })
  await removeStaleTempFiles(paths)

  const recovery: MetadataRecovery = { quarantined: [] }
  let found: Extract<Candidate, { status: 'ok' }> | undefined
  let issuesSource = paths.main

  const main = await readCandidate(paths.main, paths.journal)
  if (main.status === 'ok') {
    found = main
    if (main.migratedFrom !== undefined) recovery.migratedFrom = main.migratedFrom
  } else {
    if (main.status === 'bad') {
      recovery.movedAside = await moveAside(
        paths,
        paths.main,
        main.problem === 'newer-version' ? 'newer' : 'corrupt',
        now(),
      )
      recovery.problem = main.problem
      recovery.detail = main.detail
      logger.log('warn', 'The account list could not be used and was moved aside', {
        problem: main.problem,
        movedTo: basename(recovery.movedAside),
      })
    }
    // The backup is a snapshot too: when it is of the generation the journal continues (the
    // last compaction at an open), the journal's changes since are replayed onto it as well.
    const backup = await readCandidate(paths.backup, paths.journal)
    if (backup.status === 'ok') {
      found = backup
      issuesSource = paths.backup
      recovery.restoredFromBackup = true
      if (backup.migratedFrom !== undefined) recovery.migratedFrom = backup.migratedFrom
      logger.log('warn', 'The account list was restored from its backup', {
        accounts: Object.keys(backup.document.accounts).length,
      })
    } else if (backup.status === 'bad') {
      recovery.backupMovedAside = await moveAside(
        paths,
        paths.backup,
        backup.problem === 'newer-version' ? 'newer' : 'corrupt',
        now(),
      )
    }
  }
  const document = found?.document ?? emptyDocument()
  const issues: QuarantineEntry[] = found?.issues ?? []
  const journal = found?.journal ?? { kind: 'none' as const }

  if (issues.length > 0) {
    // Kept first, dropped second: a crash in between leaves a record in both, never in neither.
    recovery.quarantineFile = await writeQuarantine(
      paths,
      issues,
      issuesSource,
      now(),
      options.onWriteStep,
    )
    recovery.quarantined = issues.map(({ kind, id, reason }) => ({ kind, id, reason }))
    logger.log('warn', 'Records of the account list were quarantined', {
      count: issues.length,
      file: basename(recovery.quarantineFile),
    })
  }
  if (journal.kind === 'damaged') {
    recovery.journalMovedAside = await moveAside(paths, paths.journal, 'damaged', now())
    logger.log('warn', 'The journal of the account list was damaged and was moved aside', {
      detail: journal.detail,
      changesKept: journal.entries,
      movedTo: basename(recovery.journalMovedAside),
    })
  }

  // The snapshot is written anew when what is in memory is not exactly it: another source (the
  // backup, nothing), an upgrade, repairs, journal changes, or a byte order mark (from a hand
  // edit in Notepad), which a later reader should not have to meet.
  const snapshotIsCurrent =
    main.status === 'ok' &&
    main.issues.length === 0 &&
    main.migratedFrom === undefined &&
    main.generation !== undefined &&
    !main.text.startsWith('\uFEFF') &&
    (journal.kind === 'none' || (journal.kind === 'clean' && journal.entries === 0))

  const writer = new JournalWriter({
    path: paths.journal,
    mode: fileMode,
    ...(options.onWriteStep ? { onWriteStep: options.onWriteStep } : {}),
  })
  const serializer = new DocumentSerializer()
  const store = new JournaledMetadataStore(
    paths,
    document,
    serializer,
    writer,
    options.compactAfterBytes ?? defaultCompactAfterBytes,
    logger,
    options.onWriteStep,
  )

  // The backup is the document as found at the last open that needed no repair. After an upgrade
  // it is the old version's file, untouched: the way back if a migration went wrong.
  let backupText: string | undefined
  if (main.status === 'ok' && main.issues.length === 0) {
    if (main.migratedFrom !== undefined || snapshotIsCurrent) backupText = main.text
  }
  if (backupText !== undefined) await refreshBackup(paths, backupText, logger, options.onWriteStep)

  if (snapshotIsCurrent && main.status === 'ok' && main.generation !== undefined) {
    store.resumeJournal(
      main.generation,
      journal.kind === 'clean' ? journal.bytes : undefined,
      main.text,
    )
    if (journal.kind === 'none') await writer.start(main.generation)
  } else {
    const text = await store.compact()
    // Changes replayed from the journal are part of the document the open found: the backup is
    // the compacted snapshot, of the generation the new journal continues.
    if (main.status === 'ok' && main.issues.length === 0 && main.migratedFrom === undefined) {
      await refreshBackup(paths, text, logger, options.onWriteStep)
    }
  }
  return { store, recovery }
}

/**
 * The settings as stored in `dir` (the snapshot and its journal), read without opening the store
 * and without writing anything; the defaults when there is no usable file. For a caller that must
 * decide whether it may open the store at all (the command line, before a folder whose secrets
 * only the desktop app can read).
 */
export async function peekStoredSettings(dir: string, fileName?: string): Promise<AppSettings> {
  const paths = storePaths(dir, fileName)
  for (const path of [paths.main, paths.backup]) {
    const found = await readCandidate(path, paths.journal)
    if (found.status === 'ok') return found.document.settings
  }
  return emptyDocument().settings
}

async function refreshBackup(
  paths: StorePaths,
  text: string,
  logger: Logger,
  onWriteStep: WriteObserver | undefined,
): Promise<void> {
  try {
    await writeFileAtomic(paths.backup, text, fileMode, onWriteStep ? { onWriteStep } : {})
  } catch (error) {
    // The previous backup stays; failing to refresh it is no reason to refuse to start.
    logger.log('warn', 'The backup of the account list could not be refreshed', {
      error: errorCode(error) ?? 'unknown',
    })
  }
}

interface PendingChange {
  apply(draft: MetadataDraft): unknown
  resolve(value: unknown): void
  reject(error: unknown): void
}

class JournaledMetadataStore implements MetadataStore {
  readonly accounts: AccountRepository
  readonly profiles: ProfileRepository
  private pending: PendingChange[] = []
  /** The saves being written, or undefined when the store is idle. */
  private writing: Promise<void> | undefined
  private generation = ''
  private snapshotBytes = 0

  constructor(
    private readonly paths: StorePaths,
    private readonly document: MetadataDocument,
    private readonly serializer: DocumentSerializer,
    private readonly journal: JournalWriter,
    private readonly compactAfterBytes: number,
    private readonly logger: Logger,
    private readonly onWriteStep: WriteObserver | undefined,
  ) {
    this.accounts = new DocumentRepository<StoredAccount>(
      this,
      'accounts',
      'account',
      () => validators().account,
    )
    this.profiles = new DocumentRepository<AppProfile>(
      this,
      'profiles',
      'profile',
      () => validators().profile,
    )
  }

  get path(): string {
    return this.paths.main
  }

  /** The document as last saved. Callers must not change it. */
  get current(): MetadataDocument {
    return this.document
  }

  hasPending(): boolean {
    return this.pending.length > 0 || this.writing !== undefined
  }

  /** Continues the journal the open found (of `generation`, `bytes` long, or none yet). */
  resumeJournal(generation: string, bytes: number | undefined, snapshotText: string): void {
    this.generation = generation
    this.snapshotBytes = Buffer.byteLength(snapshotText)
    if (bytes !== undefined) this.journal.resume(bytes)
  }

  /**
   * Writes the whole document as a new snapshot of a new generation, then starts its journal.
   * A crash in between leaves the new snapshot with the old journal, whose generation no longer
   * matches: it is ignored, and the snapshot already holds its changes. Returns the snapshot.
   */
  async compact(): Promise<string> {
    const generation = newGeneration()
    const text = this.serializer.serialize({
      schemaVersion: this.document.schemaVersion,
      generation,
      accounts: this.document.accounts,
      profiles: this.document.profiles,
      settings: this.document.settings,
    })
    await writeFileAtomic(
      this.paths.main,
      text,
      fileMode,
      this.onWriteStep ? { onWriteStep: this.onWriteStep } : {},
    )
    this.generation = generation
    this.snapshotBytes = Buffer.byteLength(text)
    await this.journal.start(generation)
    return text
  }

  /** A deep copy of a stored record, from its cached JSON: faster than structuredClone. */
  copyOf<T extends object>(record: T): T {
    if (record instanceof SavedRecord) return record.parse() as T
    return JSON.parse(this.serializer.fragment(record)) as T
  }

  /**
   * What the store keeps of a record that passed its checks: its JSON. The checks run on the
   * record itself, which for plain data (the only kind accepted) is what its JSON holds: the
   * schemas' numbers are finite (Ajv's "number"), and a property left undefined is left out by
   * both. The JSON is made once, and the caller changing its object later changes nothing stored.
   */
  saveForm(record: object, brief?: object): SavedRecord {
    return new SavedRecord(JSON.stringify(record), brief)
  }

  getSettings(): AppSettings {
    return structuredClone(this.document.settings)
  }

  updateSettings(patch: SettingsPatch): Promise<AppSettings> {
    try {
      assertNoSecrets(patch, 'the settings')
    } catch (error) {
      return Promise.reject(error)
    }
    return this.change((draft) => {
      // Applied to the draft, not to a copy taken now, so that two racing updates both count.
      const next: JsonObject = { ...draft.settings }
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete next[key]
        else if (value !== undefined) next[key] = value
      }
      const check = validators().settings
      if (!check(next)) {
        throw new InvalidArgumentError(
          `The settings could not be saved: ${describeErrors(check.errors)}.`,
        )
      }
      draft.settings = next as unknown as AppSettings
      return structuredClone(draft.settings)
    }) as Promise<AppSettings>
  }

  /**
   * Queues a change. The changes queued while a save is being written (or in the same turn of the
   * event loop) are saved together, in one append: one flush to disk for all of them. A change is
   * applied to a draft, and the draft becomes part of the document only once it is on disk, so
   * memory never holds what the disk does not.
   */
  change(apply: (draft: MetadataDraft) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ apply, resolve, reject })
      if (this.writing === undefined) {
        this.writing = new Promise<void>((started) => queueMicrotask(started)).then(() =>
          this.writeAll(),
        )
      }
    })
  }

  async close(): Promise<void> {
    await this.writing
    await this.journal.close()
  }

  /** Saves batch after batch until nothing is pending; one runs at a time. */
  private async writeAll(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.writeBatch(this.pending.splice(0))
    } finally {
      this.writing = undefined
    }
  }

  private async writeBatch(batch: PendingChange[]): Promise<void> {
    const draft = new MetadataDraft(this.document, (record) => this.serializer.fragment(record))
    const outcomes = batch.map((change) => {
      try {
        return { ok: true as const, value: change.apply(draft) }
      } catch (error) {
        return { ok: false as const, error }
      }
    })
    if (!draft.empty) {
      try {
        // After an append that failed part way, the journal may end in half a line: the changes
        // go into a new snapshot instead, which also starts a clean journal.
        if (this.journal.needsRestart) {
          const undo = draft.applyTo(this.document)
          try {
            await this.compact()
          } catch (error) {
            undo()
            throw error
          }
        } else {
          await this.journal.append(
            draft.journalEntry((record) => this.serializer.fragment(record)),
          )
          draft.applyTo(this.document)
        }
      } catch (cause) {
        const error = new AppError(
          'STORE_FAILED',
          `The account list could not be saved (${errorCode(cause) ?? 'write failed'}). Check that the disk has free space and that the folder ${this.paths.dir} can be written, then try again.`,
          { cause },
        )
        for (const change of batch) change.reject(error)
        return
      }
    }
    batch.forEach((change, index) => {
      const outcome = outcomes[index]
      if (outcome?.ok) change.resolve(outcome.value)
      else change.reject(outcome?.error)
    })
    if (this.journal.bytes > Math.max(this.compactAfterBytes, this.snapshotBytes)) {
      try {
        await this.compact()
      } catch (error) {
        // The journal keeps every change; compacting is tried again after the next save.
        this.logger.log('warn', 'The account list could not be compacted', {
          error: errorCode(error) ?? 'unknown',
        })
      }
    }
  }
}

function isPlainObject(value: unknown): value is object {
  if (!isObject(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * The brief of an account as the document holds it: kept aside by the save that stored it, or
 * read off the record (one loaded from the snapshot is a plain record). Not a copy.
 */
function storedBrief(record: object): AccountBrief {
  if (!(record instanceof SavedRecord)) return record as StoredAccount
  return (record.brief as AccountBrief | undefined) ?? (record.parse() as StoredAccount)
}

/** AccountRepository and ProfileRepository over one collection of the document. */
class DocumentRepository<T extends { id: string }> {
  constructor(
    private readonly owner: JournaledMetadataStore,
    private readonly collection: Collection,
    private readonly kind: 'account' | 'profile',
    private readonly validator: () => ValidateFunction,
  ) {}

  private records(): Record<string, T> {
    return this.owner.current[this.collection] as unknown as Record<string, T>
  }

  async list(): Promise<T[]> {
    return Object.values(this.records()).map((record) => this.owner.copyOf(record))
  }

  /** The briefs of the accounts, from what each save kept aside (no record is parsed). */
  async listBriefs(): Promise<AccountBrief[]> {
    return Object.values(this.records()).map((record) => briefOf(storedBrief(record)))
  }

  async getBrief(id: string): Promise<AccountBrief | undefined> {
    const records = this.records()
    const record = Object.hasOwn(records, id) ? records[id] : undefined
    return record === undefined ? undefined : briefOf(storedBrief(record))
  }

  async get(id: string): Promise<T | undefined> {
    const records = this.records()
    const record = Object.hasOwn(records, id) ? records[id] : undefined
    return record ? this.owner.copyOf(record) : undefined
  }

  async put(record: T): Promise<void> {
    // Plain data only: a class instance could carry a toJSON that makes its JSON differ from
    // what was checked.
    if (!isPlainObject(record)) throw new InvalidArgumentError('Only a record can be saved.')
    const copy = record
    assertNoSecrets(copy, `the ${this.kind}`)
    const validate = this.validator()
    if (!validate(copy)) {
      // A profile is refused as IPC and the config-file import refuse it: one schema, one error.
      if (this.kind === 'profile') throw refusalOf(storedProfileSchema, validate.errors ?? [])
      throw new InvalidArgumentError(
        `The ${this.kind} could not be saved: ${describeErrors(validate.errors)}.`,
      )
    }
    const saved = this.owner.saveForm(
      copy,
      this.collection === 'accounts' ? briefOf(copy as unknown as StoredAccount) : undefined,
    )
    await this.owner.change((draft) => {
      draft.put(this.collection, copy.id, saved)
    })
  }

  /**
   * A refresh's fields laid over an account: checked as their own schema, and journaled as they
   * are, without the rest of the record (`SavedRecord`).
   */
  async update(id: string, patch: AccountPatch): Promise<boolean> {
    if (this.collection !== 'accounts') throw new Error('only accounts are patched')
    if (!isPlainObject(patch)) throw new InvalidArgumentError('Only a record can be saved.')
    assertNoSecrets(patch, 'the account')
    const validate = validators().accountPatch
    if (!validate(patch)) {
      throw new InvalidArgumentError(
        `The account could not be saved: ${describeErrors(validate.errors)}.`,
      )
    }
    const fieldsJson = JSON.stringify(patch)
    return (await this.owner.change((draft) =>
      draft.patch(this.collection, id, fieldsJson, (current) =>
        briefOf({ ...storedBrief(current), ...patch }),
      ),
    )) as boolean
  }

  async delete(id: string): Promise<boolean> {
    // It may still be on its way in, queued or being written.
    if (!Object.hasOwn(this.records(), id) && !this.owner.hasPending()) return false
    return (await this.owner.change((draft) => draft.delete(this.collection, id))) as boolean
  }
}
