/**
 * The account list's document: its shape, the JSON schema of each record, the validators and the
 * migrations from older versions. Nothing here touches the disk.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { AppSettings } from '../../../../shared/ipc-contract'
import type { JsonSchema } from '../../../../shared/json-schema'
import {
  accountPatchSchema,
  limits,
  settingsSchema as contractSettingsSchema,
  storedAccountSchema,
  storedProfileSchema,
} from '../../../../shared/schemas'
import type { StoredAccount } from '../../accounts/account'
import type { AppProfile } from '../../profiles'
import { contractValidator, storeValidator } from '../../precompiled'
import { cutToLength } from '../../schema-check'
import {
  confInternalKey,
  metadataRootSchema,
  metadataTopLevelSchema,
  topLevelSchema,
} from './top-level-schema'

export { metadataRootSchema, metadataTopLevelSchema }

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

export type { AppSettings, JsonSchema }

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

/** The document as this build keeps it in memory (the snapshot file adds its `generation`). */
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
export const metadataSchemaVersion = 3

// ---------------------------------------------------------------------------------------------
// JSON schema (draft-07)
// ---------------------------------------------------------------------------------------------

/** The account record as the store keeps it: the contract's one schema. */
export const accountSchema: JsonSchema = standardSchema(storedAccountSchema)

/**
 * A schema of the contract (src/shared/schemas.ts) as standard draft-07, for tools:
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

export interface Validators {
  readonly topLevel: ValidateFunction
  readonly account: ValidateFunction
  /** What a refresh lays over an account (`accountPatchSchema`). */
  readonly accountPatch: ValidateFunction
  readonly profile: ValidateFunction
  readonly settings: ValidateFunction
}

/**
 * Compiled ahead of time (precompiled/catalogue.ts): the document, accounts and refresh patches
 * with the account list's compiler, whose refusal is a plain sentence; profiles and settings with
 * the contract's, so that the store refuses what IPC refuses, in its words.
 */
const lazyValidators: Validators = {
  get topLevel() {
    return storeValidator(topLevelSchema)
  },
  get account() {
    return storeValidator(storedAccountSchema)
  },
  get accountPatch() {
    return storeValidator(accountPatchSchema)
  },
  get profile() {
    return contractValidator(storedProfileSchema)
  },
  get settings() {
    return contractValidator(contractSettingsSchema)
  },
}

export function validators(): Validators {
  return lazyValidators
}

/** Ajv's first complaint, as a sentence that quotes no value from the file. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
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

export type JsonObject = Record<string, unknown>

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

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function mapRecords(records: unknown, change: (record: JsonObject) => JsonObject): unknown {
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
  {
    from: 2,
    to: 3,
    description:
      'The file becomes a snapshot continued by a journal (metadata.journal): a `generation` ' +
      "names the journal that belongs to it, and conf's `__internal__` key is dropped. The " +
      'records are unchanged; the version rises so that a version-2 build, which would ignore ' +
      'the journal and so lose its changes, moves the file aside as newer instead.',
    migrate(document) {
      const { [confInternalKey]: _conf, ...rest } = document
      return { ...rest, schemaVersion: 3 }
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
