/**
 * The account list on disk: reading a snapshot and the journal that continues it, checking them,
 * and keeping whatever cannot be used (moved aside, or quarantined record by record) so that
 * nothing is ever lost.
 */
import { lstat, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { ValidateFunction } from 'ajv'
import type { StoredAccount } from '../../accounts/account'
import { AppError, InvalidArgumentError } from '../../errors'
import type { AppProfile } from '../../profiles'
import type { WriteObserver } from '../atomic-file'
import {
  errorCode,
  removeStaleTempFiles as removeDeadWritersTempFiles,
  writeFileAtomic,
} from '../atomic-file'
import type { JournalRead } from '../journal'
import { journalPathFor, readJournal } from '../journal'
import type { AppSettings, JsonObject, MetadataDocument } from './document'
import {
  defaultSettings,
  describeErrors,
  fitLegacyAccount,
  fitLegacyProfile,
  isObject,
  mapRecords,
  metadataSchemaVersion,
  migrateMetadataDocument,
  settingsSchema,
  validators,
} from './document'
import { replayChanges } from './changes'
import { findSecrets, secretShapeName, stringShape, withoutSecrets } from './secret-guard'

export const fileMode = 0o600
const staleTempAgeMs = 60_000
/** The temporary names conf (through atomically) gave its writes, up to version 2. */
const legacyTempSuffixPattern = /\.json\.tmp-\d{10}[0-9a-f]{6}$/

export interface StorePaths {
  dir: string
  name: string
  /** The snapshot. */
  main: string
  /** The changes since the snapshot (see vault/journal.ts). */
  journal: string
  backup: string
  quarantine: string
}

export function storePaths(dir: string, fileName = 'metadata'): StorePaths {
  const name = fileName.replace(/\.json$/, '')
  if (!/^[\w.-]{1,100}$/.test(name)) {
    throw new InvalidArgumentError(`"${fileName}" cannot be the name of the metadata file.`)
  }
  const absolute = resolve(dir)
  const main = join(absolute, `${name}.json`)
  return {
    dir: absolute,
    name,
    main,
    journal: journalPathFor(main),
    backup: join(absolute, `${name}.backup.json`),
    quarantine: join(absolute, `${name}.quarantine.json`),
  }
}

export { errorCode }

/** Time for a file name: ISO 8601 without colons, which Windows does not allow in names. */
function fileTime(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-')
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw error
  }
}

/**
 * Renames `path` to `<stem>.<label>-<time><extension>`, under a name no file has yet (so nothing
 * is ever overwritten), and returns it.
 */
export async function moveAside(
  paths: StorePaths,
  path: string,
  label: string,
  now: number,
): Promise<string> {
  const name = basename(path)
  const extension = /\.(json|journal)$/.exec(name)?.[0] ?? ''
  const stem = name.slice(0, name.length - extension.length)
  const time = fileTime(now)
  for (let attempt = 1; ; attempt += 1) {
    const target = join(
      paths.dir,
      `${stem}.${label}-${time}${attempt > 1 ? `-${attempt}` : ''}${extension}`,
    )
    if (await exists(target)) continue
    try {
      await rename(path, target)
    } catch (error) {
      throw new AppError(
        'STORE_FAILED',
        `The account list ${path} cannot be used, and it could not be moved aside either (${errorCode(error) ?? 'unknown error'}). Check the permissions of its folder, then restart the app.`,
        { cause: error, params: { path } },
      )
    }
    return target
  }
}

/**
 * Removes what killed writes left behind: `writeFileAtomic`'s temporary files of a process that is
 * gone, and those of conf in version 2 when they are old enough not to be a write in progress.
 */
export async function removeStaleTempFiles(paths: StorePaths): Promise<void> {
  for (const path of [paths.main, paths.journal, paths.backup, paths.quarantine]) {
    await removeDeadWritersTempFiles(path).catch(() => undefined)
  }
  let entries: string[]
  try {
    entries = await readdir(paths.dir)
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${paths.name}.`) || !legacyTempSuffixPattern.test(entry)) continue
    const path = join(paths.dir, entry)
    try {
      // Young ones may belong to a write in progress; file times are wall-clock, hence Date.now.
      if (Date.now() - (await lstat(path)).mtimeMs > staleTempAgeMs) await unlink(path)
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and checking a file
// ---------------------------------------------------------------------------------------------

export type StoreProblem = 'unreadable' | 'not-json' | 'wrong-shape' | 'newer-version'

export interface QuarantinedRecord {
  kind: 'account' | 'profile' | 'setting'
  /** The record's key (for a setting, its name). */
  id: string
  reason: string
}

export interface QuarantineEntry extends QuarantinedRecord {
  value: unknown
}

/** What became of the journal beside a snapshot as it was read. */
export type JournalState =
  /** No journal, or one of an older snapshot: the snapshot is the whole document. */
  | { kind: 'none' }
  /** `entries` groups of changes replayed; `bytes` long, ending in a complete line. */
  | { kind: 'clean'; entries: number; bytes: number }
  /**
   * Cut off at its end (an append never acknowledged), or damaged part way (the lines before the
   * damage replayed): it must be started anew, a damaged one kept aside first.
   */
  | { kind: 'torn'; entries: number }
  | { kind: 'damaged'; entries: number; detail: string }

export type Candidate =
  | { status: 'missing' }
  | { status: 'bad'; problem: StoreProblem; detail: string }
  | {
      status: 'ok'
      /** The file as read, byte order mark included. */
      text: string
      /** The journal generation the snapshot names (none before version 3). */
      generation?: string
      journal: JournalState
      document: MetadataDocument
      issues: QuarantineEntry[]
      migratedFrom?: number
    }

/** Reads the snapshot at `path` and replays the journal that continues it. */
export async function readCandidate(path: string, journalPath: string): Promise<Candidate> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { status: 'missing' }
    return {
      status: 'bad',
      problem: 'unreadable',
      detail: `it could not be read (${errorCode(error) ?? 'unknown error'})`,
    }
  }
  const text = bytes.toString('utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    // JSON.parse's message quotes the file, which is not ours to repeat.
    return {
      status: 'bad',
      problem: 'not-json',
      detail: text.trim() === '' ? 'it is empty' : 'it is not valid JSON',
    }
  }
  return examine(parsed, text, journalPath)
}

async function replayJournal(document: JsonObject, journalPath: string): Promise<JournalState> {
  const generation = document.generation
  if (typeof generation !== 'string') return { kind: 'none' }
  let read: JournalRead
  try {
    read = await readJournal(journalPath, generation)
  } catch (error) {
    return {
      kind: 'damaged',
      entries: 0,
      detail: `it could not be read (${errorCode(error) ?? 'unknown error'})`,
    }
  }
  if (read.status === 'missing' || read.status === 'other-generation') return { kind: 'none' }
  if (read.status === 'unreadable') return { kind: 'damaged', entries: 0, detail: read.reason }
  const applied = replayChanges(document, read.entries)
  if (read.damaged || applied < read.entries.length) {
    return { kind: 'damaged', entries: applied, detail: 'a line of it is not a change' }
  }
  if (read.tornTail) return { kind: 'torn', entries: applied }
  return { kind: 'clean', entries: applied, bytes: read.bytes }
}

async function examine(parsed: unknown, text: string, journalPath: string): Promise<Candidate> {
  if (!isObject(parsed)) {
    return { status: 'bad', problem: 'wrong-shape', detail: 'it does not hold a JSON object' }
  }
  const version = parsed.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { status: 'bad', problem: 'wrong-shape', detail: 'it has no schema version' }
  }
  if (version > metadataSchemaVersion) {
    return {
      status: 'bad',
      problem: 'newer-version',
      detail: `a newer version of the app wrote it (schema ${version}; this one knows up to ${metadataSchemaVersion})`,
    }
  }
  // The journal holds records in the form of the snapshot it continues, so it is replayed
  // before any migration, and its records are checked with the snapshot's.
  const journal = await replayJournal(parsed, journalPath)
  let migrated: JsonObject
  try {
    migrated = migrateMetadataDocument(parsed)
  } catch (error) {
    return {
      status: 'bad',
      problem: 'wrong-shape',
      detail: `it could not be upgraded from schema ${version} (${error instanceof Error ? error.message : 'unknown error'})`,
    }
  }
  const { topLevel } = validators()
  if (!topLevel(migrated)) {
    return {
      status: 'bad',
      problem: 'wrong-shape',
      detail: `it is not an account list (${describeErrors(topLevel.errors)})`,
    }
  }
  const { document, issues } = sieve(migrated)
  return {
    status: 'ok',
    text,
    ...(typeof migrated.generation === 'string' ? { generation: migrated.generation } : {}),
    journal,
    document,
    issues,
    ...(version < metadataSchemaVersion ? { migratedFrom: version } : {}),
  }
}

/** Why one record cannot be kept, or undefined when it can. */
function recordProblem(
  key: string,
  value: unknown,
  validate: ValidateFunction,
): string | undefined {
  const [secret] = findSecrets(value, 1)
  if (secret) {
    return `${secret.path === '' ? 'it' : secret.path} looks like ${secretShapeName(secret.shape)}`
  }
  if (!validate(value)) return describeErrors(validate.errors)
  const id = (value as { id: unknown }).id
  if (id !== key) return `it is stored under "${key}" but its id is "${String(id)}"`
  return undefined
}

/** Keeps every valid record; the others become quarantine entries. */
export function sieve(document: JsonObject): {
  document: MetadataDocument
  issues: QuarantineEntry[]
} {
  const checks = validators()
  const issues: QuarantineEntry[] = []
  const collect = <T>(
    kind: 'account' | 'profile',
    records: unknown,
    // Compiled only if there is a record to check (a start with no app profiles compiles none).
    validator: () => ValidateFunction,
  ) => {
    // Null prototype: an id such as "__proto__" or "constructor" stays an ordinary key.
    const kept = Object.create(null) as Record<string, T>
    for (const [id, value] of Object.entries(records as JsonObject)) {
      if (stringShape(id)) {
        // Reported and kept without the key, which must not travel to logs or to the window.
        issues.push({ kind, id: '[a key that looks like a secret]', reason: 'its key', value })
        continue
      }
      const reason = recordProblem(id, value, validator())
      if (reason === undefined) kept[id] = value as T
      else issues.push({ kind, id, reason, value })
    }
    return kept
  }
  const accounts = collect<StoredAccount>(
    'account',
    mapRecords(document.accounts, fitLegacyAccount),
    () => checks.account,
  )
  const profiles = collect<AppProfile>(
    'profile',
    mapRecords(document.profiles, fitLegacyProfile),
    () => checks.profile,
  )

  // A setting that fails is replaced by its default, not allowed to cost the others.
  const settings: JsonObject = { ...defaultSettings }
  const known = new Set(Object.keys(settingsSchema.properties ?? {}))
  for (const [key, value] of Object.entries(document.settings as JsonObject)) {
    let reason: string | undefined
    const [secret] = findSecrets(value, 1)
    if (!known.has(key)) reason = 'this version of the app has no such setting'
    else if (secret) reason = `it looks like ${secretShapeName(secret.shape)}`
    else if (!checks.settings({ ...settings, [key]: value })) {
      reason = describeErrors(checks.settings.errors)
    }
    if (reason === undefined) settings[key] = value
    else issues.push({ kind: 'setting', id: key, reason, value })
  }
  return {
    document: {
      schemaVersion: metadataSchemaVersion,
      accounts,
      profiles,
      settings: settings as unknown as AppSettings,
    },
    issues,
  }
}

export function emptyDocument(): MetadataDocument {
  return {
    schemaVersion: metadataSchemaVersion,
    accounts: Object.create(null) as Record<string, StoredAccount>,
    profiles: Object.create(null) as Record<string, AppProfile>,
    settings: { ...defaultSettings },
  }
}

/**
 * Adds the entries to `<name>.quarantine.json`, keeping what it holds. If that file cannot be read
 * it is left alone and a new, dated one is written next to it.
 */
export async function writeQuarantine(
  paths: StorePaths,
  entries: QuarantineEntry[],
  source: string,
  now: number,
  onWriteStep?: WriteObserver,
): Promise<string> {
  let target = paths.quarantine
  let kept: unknown[] = []
  try {
    const parsed: unknown = JSON.parse(await readFile(target, 'utf8'))
    if (!isObject(parsed) || !Array.isArray(parsed.entries))
      throw new Error('not a quarantine file')
    kept = parsed.entries
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      for (let attempt = 1; ; attempt += 1) {
        target = join(
          paths.dir,
          `${paths.name}.quarantine-${fileTime(now)}${attempt > 1 ? `-${attempt}` : ''}.json`,
        )
        if (!(await exists(target))) break
      }
    }
  }
  const at = new Date(now).toISOString()
  const added = entries.map((entry) => {
    const redacted = findSecrets(entry.value).map((finding) => finding.path)
    return {
      at,
      from: basename(source),
      kind: entry.kind,
      id: entry.id,
      reason: entry.reason,
      value: withoutSecrets(entry.value),
      // A secret is not copied into another plain-text file: it was never the store's to keep.
      ...(redacted.length > 0 ? { secretsLeftOut: redacted } : {}),
    }
  })
  await writeFileAtomic(
    target,
    `${JSON.stringify(
      {
        about:
          'Records the app could not load from its account list. They are not used; kept so that nothing is lost.',
        entries: [...kept, ...added],
      },
      undefined,
      '\t',
    )}\n`,
    fileMode,
    onWriteStep ? { onWriteStep } : {},
  )
  return target
}
