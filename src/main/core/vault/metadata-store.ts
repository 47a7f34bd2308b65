/**
 * The metadata store: every account's metadata, the app profiles and the settings, in one JSON
 * document that conf (plain Node) or electron-store (the Electron app) writes atomically.
 *
 * Nothing secret lives here: tokens and keys go to the secret vault. As a second line of defence,
 * the store refuses to save anything that looks like one (`assertNoSecrets`).
 *
 * The file is checked before conf ever sees it, because conf can only clear an invalid file or
 * throw. A file that cannot be used at all is moved aside (never deleted, never overwritten) and
 * the last good backup is used instead; a single bad record is moved to a quarantine file next to
 * the store. Either way `openMetadataStore` reports it, so the app can tell the user.
 */
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { Ajv } from 'ajv'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { AccountStatus, AuthMethod, RegionId } from '../../../shared/ipc-contract'
import type { AccountRepository, RefreshOutcome, StoredAccount } from '../accounts/account'
import { AppError, InvalidArgumentError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { CozeUser, CozeWorkspace } from '../openapi/coze-openapi'
import type { ProfileRepository } from '../profile-service'
import type { AppProfile } from '../profiles'
import type { AppSettings } from '../../../shared/ipc-contract'
import {
  accountLabelSchema,
  limits,
  settingsSchema as contractSettingsSchema,
  storedProfileSchema,
} from '../../../shared/schemas'
import { compiledSchema, cutToLength, refusalOf } from '../schema-check'
import type { WriteObserver } from './atomic-file'

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

export type { AppSettings }

export const defaultSettings: Readonly<AppSettings> = Object.freeze({
  defaultRegion: 'com',
  clipboardClearSeconds: 30,
  keepInTray: true,
  launchAtLogin: false,
  language: 'system',
  secretStorage: 'safe-storage',
  allowPlaintextSecrets: false,
})

/**
 * A change to the settings: a field left out (or undefined) keeps its value; `proxyUrl: null`
 * removes the proxy (null, because undefined does not survive IPC).
 */
export type SettingsPatch = Partial<Omit<AppSettings, 'proxyUrl'>> & { proxyUrl?: string | null }

/** The whole file, as this build writes it (plus conf's `__internal__` key). */
export interface MetadataDocument {
  schemaVersion: number
  accounts: Record<string, StoredAccount>
  profiles: Record<string, AppProfile>
  settings: AppSettings
}

/**
 * The version this build writes. Any change a previous build could misread (a new field, a new
 * member of an enum, a rename) bumps it and adds a migration, so an older build that meets the
 * file moves it aside as "newer" instead of quarantining records it does not understand.
 */
export const metadataSchemaVersion = 2

/** conf's reserved key. `set store` re-reads the whole file to carry it over when it is missing. */
const confInternalKey = '__internal__'

// ---------------------------------------------------------------------------------------------
// JSON schema (draft-07; conf compiles the top level with Ajv's 2020 dialect, which reads these
// keywords the same way)
// ---------------------------------------------------------------------------------------------

export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean'
  readonly description?: string
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly items?: JsonSchema
  readonly enum?: readonly string[]
  readonly minimum?: number
  readonly maximum?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly maxItems?: number
  readonly pattern?: string
}

interface OptionalProperty {
  readonly optional: JsonSchema
}

/**
 * One schema per property of T, optional ones wrapped in `optional()`. The compiler then refuses a
 * schema that misses a field of StoredAccount (or AppProfile, …), names one it does not have, or
 * disagrees about which are required: the schema cannot drift from the types.
 */
type PropertySchemas<T> = {
  readonly [K in keyof T]-?: undefined extends T[K] ? OptionalProperty : JsonSchema
}

function optional(schema: JsonSchema): OptionalProperty {
  return { optional: schema }
}

function recordSchema<T>(description: string, properties: PropertySchemas<T>): JsonSchema {
  const schemas: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const [key, value] of Object.entries<JsonSchema | OptionalProperty>(properties)) {
    if ('optional' in value) {
      schemas[key] = value.optional
    } else {
      schemas[key] = value
      required.push(key)
    }
  }
  return { type: 'object', description, properties: schemas, required, additionalProperties: false }
}

/** Every member of a string union, checked by the compiler to be complete. */
function enumOf<T extends string>(members: Record<T, true>): JsonSchema {
  return { type: 'string', enum: Object.keys(members) }
}

function text(maxLength: number, minLength = 0): JsonSchema {
  return { type: 'string', minLength, maxLength }
}

const idSchema = text(256, 1)
const httpUrlSchema: JsonSchema = { type: 'string', maxLength: 4096, pattern: '^https?://' }
const unixMsSchema: JsonSchema = { type: 'number', minimum: 0 }
const booleanSchema: JsonSchema = { type: 'boolean' }
const regionSchema = enumOf<RegionId>({ com: true, cn: true, custom: true })

const userSchema = recordSchema<CozeUser>('The Coze user the token belongs to.', {
  userId: text(256),
  userName: text(1024),
  nickName: text(1024),
  avatarUrl: text(4096),
})

const workspaceSchema = recordSchema<CozeWorkspace>('A workspace the token can reach.', {
  id: idSchema,
  name: text(1024),
  iconUrl: text(4096),
  // Open-ended on Coze's side (`WorkspaceRole | string`), so any short text.
  role: text(64),
  type: text(64),
  enterpriseId: text(256),
})

const refreshOutcomeSchema = recordSchema<RefreshOutcome>('The last refresh and how it ended.', {
  at: unixMsSchema,
  ok: booleanSchema,
  // Not an enum of today's codes: a code added later must not cost an older build the account.
  code: optional(text(64)),
  message: optional(text(4096)),
  logId: optional(text(256)),
})

export const accountSchema: JsonSchema = recordSchema<StoredAccount>(
  "An account's metadata: everything but its tokens.",
  {
    id: idSchema,
    label: standardSchema(accountLabelSchema),
    region: regionSchema,
    apiBase: optional(httpUrlSchema),
    webBase: optional(httpUrlSchema),
    method: enumOf<AuthMethod>({
      pkce: true,
      web: true,
      device: true,
      jwt: true,
      pat: true,
      sat: true,
    }),
    profileId: optional(idSchema),
    clientId: optional(text(256)),
    user: optional(userSchema),
    workspaces: { type: 'array', maxItems: 10_000, items: workspaceSchema },
    workspacesKnown: booleanSchema,
    accessTokenExpiresAt: optional(unixMsSchema),
    refreshTokenExpiresAt: optional(unixMsSchema),
    status: enumOf<AccountStatus>({ active: true, expired: true, 'needs-sign-in': true }),
    lastRefresh: optional(refreshOutcomeSchema),
    tokenHint: text(64),
    createdAt: unixMsSchema,
    updatedAt: unixMsSchema,
  },
)

/**
 * A schema of the contract (src/shared/schemas.ts) as standard draft-07, for tools and for conf:
 * the `x-` annotations, which only word the refusals, left out.
 */
function standardSchema(schema: object): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) => (key.startsWith('x-') ? undefined : value)),
  ) as JsonSchema
}

/** The profile as IPC, the config-file import and the store all check it: one definition. */
export const profileSchema: JsonSchema = standardSchema(storedProfileSchema)

export const settingsSchema: JsonSchema = standardSchema(contractSettingsSchema)

/**
 * conf's `schema` option (the top level's `properties`). The records are only checked for being
 * objects: conf validates on every write, and a full check of 1,000 accounts on each save would
 * cost more than the one record that changed (which the store checks itself).
 */
export const metadataTopLevelSchema: Readonly<Record<string, JsonSchema>> = {
  schemaVersion: { type: 'integer', minimum: 1 },
  accounts: { type: 'object', description: 'Account metadata by id (see accountSchema).' },
  profiles: { type: 'object', description: 'App profiles by id (see profileSchema).' },
  settings: { type: 'object', description: 'See settingsSchema.' },
  [confInternalKey]: { type: 'object', description: "conf's own bookkeeping." },
}

/** conf's `rootSchema` option: the rest of the top-level schema. */
export const metadataRootSchema: JsonSchema = {
  required: ['schemaVersion', 'accounts', 'profiles', 'settings'],
  additionalProperties: false,
}

/** The whole file in one draft-07 schema: for tools, tests and documentation. */
export const metadataDocumentSchema: JsonSchema = {
  type: 'object',
  description: 'Coze Auth Companion: account metadata, app profiles and settings (no secrets).',
  properties: {
    ...metadataTopLevelSchema,
    accounts: { type: 'object', additionalProperties: accountSchema },
    profiles: { type: 'object', additionalProperties: profileSchema },
    settings: settingsSchema,
  },
  ...metadataRootSchema,
}

interface Validators {
  topLevel: ValidateFunction
  account: ValidateFunction
  profile: ValidateFunction
  settings: ValidateFunction
}

let compiled: Validators | undefined

/** Compiled on first use: compiling costs a few milliseconds that importing should not. */
function validators(): Validators {
  if (!compiled) {
    // One error is enough to quarantine a record, and stopping there is faster. The schemas are
    // constants that the tests check against the meta-schema; checking again at each start
    // would cost ~10 ms of the first open.
    const ajv = new Ajv({ strict: true, allErrors: false, validateSchema: false })
    compiled = {
      topLevel: ajv.compile({
        type: 'object',
        properties: metadataTopLevelSchema,
        ...metadataRootSchema,
      }),
      account: ajv.compile(accountSchema),
      // The contract's own compiled schemas: the store refuses what IPC refuses, in its words.
      profile: compiledSchema(storedProfileSchema),
      settings: compiledSchema(contractSettingsSchema),
    }
  }
  return compiled
}

/** Ajv's first complaint, as a sentence that quotes no value from the file. */
function describeErrors(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0]
  if (!first) return 'does not match the schema'
  const where = first.instancePath === '' ? 'the record' : first.instancePath
  const extra =
    first.keyword === 'additionalProperties'
      ? ` (${String(first.params.additionalProperty)})`
      : first.keyword === 'required'
        ? ` (${String(first.params.missingProperty)})`
        : ''
  return `${where} ${first.message ?? 'is invalid'}${extra}`
}

// ---------------------------------------------------------------------------------------------
// Migrations
// ---------------------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>

export interface MetadataMigration {
  /** The version this step reads… */
  from: number
  /** …and the version it returns. */
  to: number
  description: string
  /**
   * Gets a parsed, unvalidated document: any field may be missing or of the wrong type. A record
   * the step does not understand is left as it is (validation after the last step quarantines
   * it); throwing means the whole file is unusable.
   */
  migrate(document: JsonObject): JsonObject
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapRecords(records: unknown, change: (record: JsonObject) => JsonObject): unknown {
  if (!isObject(records)) return records
  const result: JsonObject = Object.create(null) as JsonObject
  for (const [id, record] of Object.entries(records)) {
    result[id] = isObject(record) ? change(record) : record
  }
  return result
}

/** In order; each step's `from` is the previous step's `to`. */
export const metadataMigrations: readonly MetadataMigration[] = [
  {
    from: 1,
    to: 2,
    description:
      'Accounts: expiresAt becomes accessTokenExpiresAt, and workspacesKnown is added (true when ' +
      'workspaces were read). Settings: clipboardClearMs becomes clipboardClearSeconds.',
    migrate(document) {
      const accounts = mapRecords(document.accounts, (account) => {
        const { expiresAt, ...rest } = account
        const next: JsonObject = { ...rest }
        if (expiresAt !== undefined && next.accessTokenExpiresAt === undefined) {
          next.accessTokenExpiresAt = expiresAt
        }
        if (next.workspacesKnown === undefined) {
          // Version 1 stored an empty list when the token could not read workspaces, so an
          // empty list is the only sign; a truly empty account is merely re-read.
          next.workspacesKnown = Array.isArray(next.workspaces) && next.workspaces.length > 0
        }
        return next
      })
      let settings = document.settings
      if (isObject(settings) && typeof settings.clipboardClearMs === 'number') {
        const { clipboardClearMs, ...rest } = settings
        settings = { ...rest, clipboardClearSeconds: Math.round(clipboardClearMs / 1000) }
      }
      return { ...document, accounts, settings, schemaVersion: 2 }
    },
  },
]

function checkMigrationChain(): void {
  let version = 1
  for (const step of metadataMigrations) {
    if (step.from !== version || step.to !== version + 1) {
      throw new Error(`Metadata migration ${step.from}→${step.to} is out of order`)
    }
    version = step.to
  }
  if (version !== metadataSchemaVersion) {
    throw new Error(`Metadata migrations end at ${version}, not ${metadataSchemaVersion}`)
  }
}
checkMigrationChain()

/** Runs every step from the document's version up to `metadataSchemaVersion`. */
export function migrateMetadataDocument(document: JsonObject): JsonObject {
  let current = document
  for (const step of metadataMigrations) {
    const version = current.schemaVersion
    if (typeof version !== 'number' || version > step.from) continue
    if (version < step.from) throw new Error(`no migration from version ${version}`)
    current = { ...step.migrate(current), schemaVersion: step.to }
  }
  return current
}

// ---------------------------------------------------------------------------------------------
// The secret guard
// ---------------------------------------------------------------------------------------------

export type SecretShape = 'token' | 'pem' | 'secret-field' | 'url-password'

export interface SecretFinding {
  /** Where, such as `workspaces/0/name`; empty for the value itself. */
  path: string
  shape: SecretShape
}

/** Coze OAuth (czu_), service (czs_), personal (pat_) and service access (sat_) tokens. */
const tokenPattern = /(?<![A-Za-z0-9])(?:czu|czs|pat|sat)_[A-Za-z0-9_-]{16,}/
/** `accessTokenExpiresAt` and `tokenHint` are metadata; names that end like these are not. */
const secretFieldPattern =
  /(?:^|_|[a-z])(?:access_?token|refresh_?token|id_?token|client_?secret|private_?key(?:_?pem)?|password|passphrase|api_?key|code_?verifier)$|^(?:token|secret)$/i
/** A URL with a password in it, such as a proxy written as http://user:pass@host. */
const urlPasswordPattern = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i

const shapeNames: Record<SecretShape, string> = {
  token: 'a Coze token',
  pem: 'a PEM key',
  'secret-field': 'a secret (by its name)',
  'url-password': 'an address with a password in it',
}

function stringShape(value: string): SecretShape | undefined {
  // Cheap tests first: nearly every string is short or lacks the one character a shape needs,
  // and this runs over every string of every record at each open.
  if (value.length >= 20 && value.includes('_') && tokenPattern.test(value)) return 'token'
  if (value.includes('-----BEGIN')) return 'pem'
  if (value.includes('@') && urlPasswordPattern.test(value)) return 'url-password'
  return undefined
}

function isSecretField(key: string, item: unknown): boolean {
  // An empty value is no secret: a form may send its empty password field along.
  return item !== undefined && item !== null && item !== '' && secretFieldPattern.test(key)
}

/**
 * Collects findings into `found` until it holds `limit`. The path is kept as a stack of keys and
 * joined only for a finding, so a clean record costs no string building.
 */
function walk(
  value: unknown,
  keys: (string | number)[],
  found: SecretFinding[],
  limit: number,
): void {
  if (found.length >= limit) return
  if (typeof value === 'string') {
    const shape = stringShape(value)
    if (shape) found.push({ path: keys.join('/'), shape })
    return
  }
  if (typeof value !== 'object' || value === null) return
  // No schema of ours nests this deep, so validation refuses such a value anyway; stop here
  // rather than overflow the stack on a cyclic or hostile one.
  if (keys.length > 32) return
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && found.length < limit; index += 1) {
      keys.push(index)
      walk(value[index], keys, found, limit)
      keys.pop()
    }
    return
  }
  for (const key in value) {
    if (found.length >= limit) return
    if (!Object.hasOwn(value, key)) continue
    const item = (value as JsonObject)[key]
    keys.push(key)
    if (isSecretField(key, item)) found.push({ path: keys.join('/'), shape: 'secret-field' })
    else walk(item, keys, found, limit)
    keys.pop()
  }
}

/** Every secret-looking value or field in `value` (at most `limit`), without the secret itself. */
export function findSecrets(value: unknown, limit = Number.POSITIVE_INFINITY): SecretFinding[] {
  const found: SecretFinding[] = []
  walk(value, [], found, limit)
  return found
}

/** A refusal to write something secret-looking into the (unencrypted) metadata file. */
export class SecretInMetadataError extends AppError {
  constructor(what: string, finding: SecretFinding) {
    super(
      'INVALID_ARGUMENT',
      `Refused to save ${what}: ${finding.path === '' ? 'its value' : `"${finding.path}"`} looks like ${shapeNames[finding.shape]}. Tokens and keys belong in the secret vault, never in the account list.`,
      { params: { field: finding.path, shape: finding.shape } },
    )
  }
}

/** Throws SecretInMetadataError for the first secret-looking value. */
export function assertNoSecrets(value: unknown, what: string): void {
  const [finding] = findSecrets(value, 1)
  if (finding) throw new SecretInMetadataError(what, finding)
}

/** A copy for the quarantine file: secret-named fields left out, secret-shaped text replaced. */
function withoutSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return stringShape(value) ? '[removed: looked like a secret]' : value
  if (depth > 32) return '[removed: nested too deep]'
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1))
  if (isObject(value)) {
    const copy: JsonObject = {}
    for (const [key, item] of Object.entries(value)) {
      if (!isSecretField(key, item)) copy[key] = withoutSecrets(item, depth + 1)
    }
    return copy
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// conf, as the core sees it
// ---------------------------------------------------------------------------------------------

/** The part of conf's API the store uses; electron-store, a subclass of conf, has it too. */
export interface ConfLike {
  readonly path: string
  get store(): Record<string, unknown>
  set store(value: Record<string, unknown>)
}

/** Options that conf and electron-store both accept, and mean the same by. */
export interface ConfCompatibleOptions {
  /** The file name without `.json` (electron-store's `name`, conf's `configName`). */
  name: string
  projectName: string
  /** An absolute folder, so electron-store's userData default never applies. */
  cwd: string
  fileExtension: 'json'
  schema: Readonly<Record<string, JsonSchema>>
  rootSchema: JsonSchema
  /** Never: conf would silently empty the file. The store recovers before conf reads it. */
  clearInvalidConfig: false
  configFileMode: number
  /** Account ids are keys, and an id may contain a dot. */
  accessPropertiesByDotNotation: false
  watch: false
  /**
   * The schema is a constant of this build, checked by its tests; having Ajv check it against
   * the meta-schema again at every open costs about 30 ms.
   */
  ajvOptions: { validateSchema: false }
  serialize: (value: Record<string, unknown>) => string
  deserialize: (text: string) => Record<string, unknown>
}

export type ConfFactory = (options: ConfCompatibleOptions) => ConfLike

/**
 * Writes the document as JSON with one record per line, and remembers each record's JSON: a save
 * then serializes only the record that changed, not all of them (about 8 ms for 1,000 accounts).
 * That is safe because a stored record is never changed in place: a put stores a new copy.
 */
class DocumentSerializer {
  private readonly fragments = new WeakMap<object, string>()

  remember(record: object, json: string): void {
    this.fragments.set(record, json)
  }

  /** A record's JSON, from the cache when it has been serialized before. */
  fragment(record: object): string {
    let json = this.fragments.get(record)
    if (json === undefined) {
      json = JSON.stringify(record)
      this.fragments.set(record, json)
    }
    return json
  }

  readonly serialize = (value: Record<string, unknown>): string => {
    // Built with += on purpose: V8 keeps the pieces as a rope and copies the ~2 MB once, when
    // the file is written; Array.join would copy it one more time (~2.5 ms for 1,000 accounts).
    let text = '{'
    let separator = ''
    for (const [key, item] of Object.entries(value)) {
      let json: string | undefined
      if ((key === 'accounts' || key === 'profiles') && isObject(item)) {
        json = '{'
        let inner = ''
        for (const [id, record] of Object.entries(item)) {
          const recordJson = isObject(record) ? this.fragment(record) : JSON.stringify(record)
          json += inner + '\n\t\t' + JSON.stringify(id) + ': ' + recordJson
          inner = ','
        }
        json += inner === '' ? '}' : '\n\t}'
      } else {
        json = JSON.stringify(item)
      }
      // As JSON.stringify does, a key whose value is undefined is left out.
      if (json === undefined) continue
      text += separator + '\n\t' + JSON.stringify(key) + ': ' + json
      separator = ','
    }
    return text + '\n}\n'
  }
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

const fileMode = 0o600
const staleTempAgeMs = 60_000
/** atomically's temporary names (conf writes through it), which ours copy. */
const tempSuffixPattern = /\.json\.tmp-\d{10}[0-9a-f]{6}$/

interface StorePaths {
  dir: string
  name: string
  main: string
  backup: string
  quarantine: string
}

function storePaths(dir: string, fileName = 'metadata'): StorePaths {
  const name = fileName.replace(/\.json$/, '')
  if (!/^[\w.-]{1,100}$/.test(name)) {
    throw new InvalidArgumentError(`"${fileName}" cannot be the name of the metadata file.`)
  }
  const absolute = resolve(dir)
  return {
    dir: absolute,
    name,
    main: join(absolute, `${name}.json`),
    backup: join(absolute, `${name}.backup.json`),
    quarantine: join(absolute, `${name}.quarantine.json`),
  }
}

function errorCode(error: unknown): string | undefined {
  return isObject(error) && typeof error.code === 'string' ? error.code : undefined
}

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
 * Writes through a temporary file, flushed to disk, then renamed over the target: a reader (or a
 * crash) sees the old content or the new, never a mix.
 */
async function writeFileAtomic(
  path: string,
  text: string,
  onWriteStep: WriteObserver = () => undefined,
): Promise<void> {
  onWriteStep('begin', path)
  const temporary = `${path}.tmp-${String(Date.now()).slice(-10)}${randomBytes(3).toString('hex')}`
  const handle = await open(temporary, 'w', fileMode)
  try {
    onWriteStep('temp-created', path)
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  onWriteStep('temp-synced', path)
  try {
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  onWriteStep('renamed', path)
  onWriteStep('end', path)
}

/** Renames `path` to a name no file has yet (so nothing is ever overwritten) and returns it. */
async function moveAside(
  paths: StorePaths,
  path: string,
  label: string,
  now: number,
): Promise<string> {
  const stem = basename(path).replace(/\.json$/, '')
  const time = fileTime(now)
  for (let attempt = 1; ; attempt += 1) {
    const target = join(
      paths.dir,
      `${stem}.${label}-${time}${attempt > 1 ? `-${attempt}` : ''}.json`,
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

/** atomically and writeFileAtomic leave their temporary file behind when the process is killed. */
async function removeStaleTempFiles(paths: StorePaths): Promise<void> {
  let entries: string[]
  try {
    entries = await readdir(paths.dir)
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${paths.name}.`) || !tempSuffixPattern.test(entry)) continue
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

interface QuarantineEntry extends QuarantinedRecord {
  value: unknown
}

type Candidate =
  | { status: 'missing' }
  | { status: 'bad'; problem: StoreProblem; detail: string }
  | {
      status: 'ok'
      /** The file as read, byte order mark included. */
      text: string
      /** Its JSON, as parsed (before any migration). */
      parsed: JsonObject
      document: MetadataDocument
      issues: QuarantineEntry[]
      migratedFrom?: number
    }

async function readCandidate(path: string): Promise<Candidate> {
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
  return examine(parsed, text)
}

function examine(parsed: unknown, text: string): Candidate {
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
    parsed,
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
    return `${secret.path === '' ? 'it' : secret.path} looks like ${shapeNames[secret.shape]}`
  }
  if (!validate(value)) return describeErrors(validate.errors)
  const id = (value as { id: unknown }).id
  if (id !== key) return `it is stored under "${key}" but its id is "${String(id)}"`
  return undefined
}

/**
 * Before IPC, the config-file import and the store shared one schema, the store accepted names of
 * up to 1,024 characters: a profile imported from a config file, or an account labelled with a
 * long Coze nickname, could have one. Such a name is cut to today's limit rather than the record
 * quarantined: it is only what the list shows, and the next write keeps the shorter one. The same
 * goes for an export file of that time. Every other field is one a record uses to sign in, which
 * cutting would break; the few a file could make longer than today's limit (a redirect URI over
 * 500 characters) are quarantined as any invalid record is, and so kept.
 */
export function fitLegacyProfile<T>(profile: T): T {
  if (!isObject(profile) || typeof profile.name !== 'string') return profile
  return { ...profile, name: cutToLength(profile.name, limits.name) }
}

/** An account's label, as `fitLegacyProfile` does a profile's name. */
export function fitLegacyAccount<T>(account: T): T {
  if (!isObject(account) || typeof account.label !== 'string') return account
  return { ...account, label: cutToLength(account.label, limits.name) }
}

/** Keeps every valid record; the others become quarantine entries. */
function sieve(document: JsonObject): { document: MetadataDocument; issues: QuarantineEntry[] } {
  const checks = validators()
  const issues: QuarantineEntry[] = []
  const collect = <T>(
    kind: 'account' | 'profile',
    records: unknown,
    validate: ValidateFunction,
  ) => {
    // Null prototype: an id such as "__proto__" or "constructor" stays an ordinary key.
    const kept = Object.create(null) as Record<string, T>
    for (const [id, value] of Object.entries(records as JsonObject)) {
      if (stringShape(id)) {
        // Reported and kept without the key, which must not travel to logs or to the window.
        issues.push({ kind, id: '[a key that looks like a secret]', reason: 'its key', value })
        continue
      }
      const reason = recordProblem(id, value, validate)
      if (reason === undefined) kept[id] = value as T
      else issues.push({ kind, id, reason, value })
    }
    return kept
  }
  const accounts = collect<StoredAccount>(
    'account',
    mapRecords(document.accounts, fitLegacyAccount),
    checks.account,
  )
  const profiles = collect<AppProfile>(
    'profile',
    mapRecords(document.profiles, fitLegacyProfile),
    checks.profile,
  )

  // A setting that fails is replaced by its default, not allowed to cost the others.
  const settings: JsonObject = { ...defaultSettings }
  const known = new Set(Object.keys(settingsSchema.properties ?? {}))
  for (const [key, value] of Object.entries(document.settings as JsonObject)) {
    let reason: string | undefined
    const [secret] = findSecrets(value, 1)
    if (!known.has(key)) reason = 'this version of the app has no such setting'
    else if (secret) reason = `it looks like ${shapeNames[secret.shape]}`
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

function emptyDocument(): MetadataDocument {
  return {
    schemaVersion: metadataSchemaVersion,
    accounts: Object.create(null) as Record<string, StoredAccount>,
    profiles: Object.create(null) as Record<string, AppProfile>,
    settings: { ...defaultSettings },
  }
}

function storedForm(document: MetadataDocument): Record<string, unknown> {
  // conf's internal key rides along, so that `set store` has nothing to re-read from the file.
  return { ...document, [confInternalKey]: {} }
}

/**
 * Adds the entries to `<name>.quarantine.json`, keeping what it holds. If that file cannot be read
 * it is left alone and a new, dated one is written next to it.
 */
async function writeQuarantine(
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
    onWriteStep,
  )
  return target
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export interface MetadataStore {
  /** The store file. */
  readonly path: string
  readonly accounts: AccountRepository
  readonly profiles: ProfileRepository
  getSettings(): AppSettings
  /** Applies the patch, saves, and returns the settings as saved. */
  updateSettings(patch: SettingsPatch): Promise<AppSettings>
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
    recovery.quarantined.length > 0
  )
}

export interface OpenMetadataStoreOptions {
  /** The folder of the store (Electron: userData). Created when missing. */
  dir: string
  /** Default `metadata` (the file is `metadata.json`). */
  fileName?: string
  factory: ConfFactory
  /** Unix ms, for the names and records of moved-aside and quarantined data. */
  clock?: () => number
  logger?: Logger
  /**
   * Told of each write of the store's files (crash tests; see `WriteObserver`). conf writes the
   * account list in one synchronous call, so those writes report only `begin` and `end`.
   */
  onWriteStep?: WriteObserver
}

export interface OpenedMetadataStore {
  store: MetadataStore
  recovery: MetadataRecovery
}

/**
 * Opens the store, recovering what it can from a damaged file first. Reads the file once; from
 * then on the document lives in memory and every change writes all of it through conf.
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
  let document: MetadataDocument
  let issues: QuarantineEntry[] = []
  let issuesSource = paths.main
  let rewrite: boolean
  let backupText: string | undefined

  const main = await readCandidate(paths.main)
  if (main.status === 'ok') {
    document = main.document
    issues = main.issues
    // A byte order mark (a hand edit in Notepad) is read here, but JSON.parse in conf refuses it.
    rewrite =
      main.issues.length > 0 || main.migratedFrom !== undefined || main.text.startsWith('\uFEFF')
    if (main.migratedFrom !== undefined) recovery.migratedFrom = main.migratedFrom
    // The backup is the file as it was at the last open that needed no repair: after an upgrade
    // that is the old version's file, which makes it the way back if a migration went wrong.
    if (main.issues.length === 0) backupText = main.text
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
    const backup = await readCandidate(paths.backup)
    if (backup.status === 'ok') {
      document = backup.document
      issues = backup.issues
      issuesSource = paths.backup
      recovery.restoredFromBackup = true
      if (backup.migratedFrom !== undefined) recovery.migratedFrom = backup.migratedFrom
      logger.log('warn', 'The account list was restored from its backup', {
        accounts: Object.keys(backup.document.accounts).length,
      })
    } else {
      if (backup.status === 'bad') {
        recovery.backupMovedAside = await moveAside(
          paths,
          paths.backup,
          backup.problem === 'newer-version' ? 'newer' : 'corrupt',
          now(),
        )
      }
      document = emptyDocument()
    }
    rewrite = true
  }

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
  if (backupText !== undefined) {
    try {
      await writeFileAtomic(paths.backup, backupText, options.onWriteStep)
    } catch (error) {
      // The previous backup stays; failing to refresh it is no reason to refuse to start.
      logger.log('warn', 'The backup of the account list could not be refreshed', {
        error: errorCode(error) ?? 'unknown',
      })
    }
  }

  const serializer = new DocumentSerializer()
  // conf's constructor reads the file once more. It gets the document already parsed, once,
  // when the text is what this open read or wrote: parsing 1,000 accounts again costs ~10 ms.
  let onDisk: { text: string; value: JsonObject } | undefined
  if (rewrite) {
    const value = storedForm(document)
    const text = serializer.serialize(value)
    await writeFileAtomic(paths.main, text, options.onWriteStep)
    onDisk = { text, value }
  } else if (main.status === 'ok') {
    onDisk = { text: main.text, value: main.parsed }
  }
  const deserialize = (text: string): JsonObject => {
    const known = onDisk
    onDisk = undefined
    return known && text === known.text ? known.value : (JSON.parse(text) as JsonObject)
  }

  let conf: ConfLike
  try {
    conf = options.factory({
      name: paths.name,
      projectName: 'coze-auth-companion',
      cwd: paths.dir,
      fileExtension: 'json',
      schema: metadataTopLevelSchema,
      rootSchema: metadataRootSchema,
      clearInvalidConfig: false,
      configFileMode: fileMode,
      accessPropertiesByDotNotation: false,
      watch: false,
      ajvOptions: { validateSchema: false },
      serialize: serializer.serialize,
      deserialize,
    })
  } catch (error) {
    onDisk = undefined
    throw new AppError(
      'STORE_FAILED',
      'The account list could not be opened. Restart the app; if it keeps happening, report it.',
      { cause: error },
    )
  }
  if (resolve(conf.path) !== paths.main) {
    throw new AppError(
      'STORE_FAILED',
      `The store was opened at ${conf.path} instead of ${paths.main}.`,
    )
  }
  onDisk = undefined
  return {
    store: new ConfMetadataStore(conf, document, serializer, options.onWriteStep),
    recovery,
  }
}

interface PendingChange {
  apply(draft: MetadataDocument): unknown
  resolve(value: unknown): void
  reject(error: unknown): void
}

function copyRecords<T>(records: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, records)
}

class ConfMetadataStore implements MetadataStore {
  readonly accounts: AccountRepository
  readonly profiles: ProfileRepository
  private document: MetadataDocument
  private pending: PendingChange[] = []
  private flushScheduled = false

  constructor(
    private readonly conf: ConfLike,
    document: MetadataDocument,
    private readonly serializer: DocumentSerializer,
    private readonly onWriteStep: WriteObserver = () => undefined,
  ) {
    this.document = document
    this.accounts = new DocumentRepository<StoredAccount>(
      this,
      'account',
      () => validators().account,
      (doc) => doc.accounts,
    )
    this.profiles = new DocumentRepository<AppProfile>(
      this,
      'profile',
      () => validators().profile,
      (doc) => doc.profiles,
    )
  }

  get path(): string {
    return this.conf.path
  }

  /** The document as last saved. Callers must not change it. */
  get current(): MetadataDocument {
    return this.document
  }

  hasPending(): boolean {
    return this.pending.length > 0
  }

  /** A deep copy of a stored record, from its cached JSON: faster than structuredClone. */
  copyOf<T extends object>(record: T): T {
    return JSON.parse(this.serializer.fragment(record)) as T
  }

  /** A JSON-clean copy of a record to store, with its JSON already cached for the next write. */
  copyForStore<T extends object>(record: T): T {
    const json = JSON.stringify(record)
    const copy: unknown = typeof json === 'string' ? JSON.parse(json) : undefined
    if (!isObject(copy)) throw new InvalidArgumentError('Only a record can be saved.')
    this.serializer.remember(copy, json)
    return copy as T
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
   * Queues a change. Changes queued in the same turn of the event loop are saved together, in one
   * write; writes never overlap, because conf writes synchronously and one flush runs at a time.
   * A change is applied to a draft, and the draft replaces the document only once it is on disk,
   * so memory never holds what the file does not.
   */
  change(apply: (draft: MetadataDocument) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ apply, resolve, reject })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        queueMicrotask(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.flushScheduled = false
    const batch = this.pending.splice(0)
    const draft: MetadataDocument = {
      schemaVersion: this.document.schemaVersion,
      accounts: copyRecords(this.document.accounts),
      profiles: copyRecords(this.document.profiles),
      settings: this.document.settings,
    }
    const outcomes = batch.map((change) => {
      try {
        return { ok: true as const, value: change.apply(draft) }
      } catch (error) {
        return { ok: false as const, error }
      }
    })
    if (outcomes.some((outcome) => outcome.ok)) {
      try {
        this.onWriteStep('begin', this.conf.path)
        this.conf.store = storedForm(draft)
        this.onWriteStep('end', this.conf.path)
        this.document = draft
      } catch (cause) {
        const error = new AppError(
          'STORE_FAILED',
          `The account list could not be saved (${errorCode(cause) ?? 'write failed'}). Check that the disk has free space and that the folder ${this.conf.path} can be written, then try again.`,
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
  }
}

/** AccountRepository and ProfileRepository over one collection of the document. */
class DocumentRepository<T extends { id: string }> {
  constructor(
    private readonly owner: ConfMetadataStore,
    private readonly kind: 'account' | 'profile',
    private readonly validator: () => ValidateFunction,
    private readonly collection: (document: MetadataDocument) => Record<string, T>,
  ) {}

  async list(): Promise<T[]> {
    return Object.values(this.collection(this.owner.current)).map((record) =>
      this.owner.copyOf(record),
    )
  }

  async get(id: string): Promise<T | undefined> {
    const records = this.collection(this.owner.current)
    const record = Object.hasOwn(records, id) ? records[id] : undefined
    return record ? this.owner.copyOf(record) : undefined
  }

  async put(record: T): Promise<void> {
    // The copy through JSON is exactly what the file will hold, so that is what is checked and
    // kept; and the caller changing its object later cannot change what is stored.
    const copy = this.owner.copyForStore(record)
    assertNoSecrets(copy, `the ${this.kind}`)
    const validate = this.validator()
    if (!validate(copy)) {
      // A profile is refused as IPC and the config-file import refuse it: one schema, one error.
      if (this.kind === 'profile') throw refusalOf(storedProfileSchema, validate.errors ?? [])
      throw new InvalidArgumentError(
        `The ${this.kind} could not be saved: ${describeErrors(validate.errors)}.`,
      )
    }
    await this.owner.change((draft) => {
      this.collection(draft)[copy.id] = copy
    })
  }

  async delete(id: string): Promise<boolean> {
    if (!Object.hasOwn(this.collection(this.owner.current), id)) {
      // It may still be on its way in, queued in this same turn.
      if (!this.owner.hasPending()) return false
    }
    return (await this.owner.change((draft) => {
      const records = this.collection(draft)
      if (!Object.hasOwn(records, id)) return false
      delete records[id]
      return true
    })) as boolean
  }
}
