import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { invalidArgumentReasons, textFields } from '../../src/shared/errors'
import type {
  AppSettings,
  ClientType,
  OperationName,
  ProfileFields,
  ProfileInput,
  RegionId,
  RequestOf,
  SettingsPatchInput,
  TokenFormat,
} from '../../src/shared/ipc-contract'
import { operationChannels } from '../../src/shared/ipc-contract'
import type { JsonSchema, SchemaType } from '../../src/shared/json-schema'
import type { profileFieldsSchema } from '../../src/shared/schemas'
import { annotationKeywords } from '../../src/main/core/precompiled/catalogue'
import { metadataDocumentSchema } from '../../src/main/core/vault/metadata/document'
import {
  accountPatchSchema,
  requestSchemas,
  settingsPatchSchema,
  storedAccountSchema,
  settingsSchema,
  storedProfileSchema,
} from '../../src/shared/schemas'

/*
 * The types are read off the schemas, so they cannot drift from them; what can go wrong is the
 * reading. The assertions below are checked by tsc (`tsc -p tsconfig.node.json` includes this
 * file): each derived type must be exactly the type the contract spelled out by hand before it
 * had schemas, and a schema that loses or changes a field must give another type.
 */

/** True only for two types that are the same both ways (optional fields and all). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

interface WrittenProfileFields {
  name: string
  region: 'com' | 'cn' | 'custom'
  apiBase?: string
  webBase?: string
  clientType: 'web' | 'pkce' | 'device' | 'jwt'
  clientId: string
  redirectUri?: string
  codeChallengeMethod?: 'S256' | 'plain'
  publicKeyId?: string
  jwtDurationSeconds?: number
  sessionName?: string
  workspaceId?: string
  accountId?: string
}

interface WrittenProfileInput extends WrittenProfileFields {
  clientSecret?: string
  privateKeyFileId?: string
}

interface WrittenSettings {
  defaultRegion: 'com' | 'cn'
  proxyUrl?: string
  clipboardClearSeconds: number
  keepInTray: boolean
  launchAtLogin: boolean
  language: 'system' | 'en' | 'zh-CN'
  secretStorage: 'safe-storage' | 'keychain'
  allowPlaintextSecrets: boolean
  askBeforeCommandLineToken?: boolean
  commandLineAccount?: string
}

type WrittenSettingsPatch = Partial<Omit<WrittenSettings, 'proxyUrl'>> & {
  proxyUrl?: string | null
  confirmationToken?: string
}

/** Every operation's request as the contract wrote it by hand. */
interface WrittenRequests {
  getAppInfo: void
  getStorageStatus: void
  listAccounts: void
  getAccount: { accountId: string }
  signIn: { signInId: string; profileId: string; region?: RegionId }
  cancelSignIn: { signInId: string }
  addPastedToken: {
    region: RegionId
    apiBase?: string
    token: string
    expiresAt?: number
    label?: string
  }
  peekClipboardToken: void
  addClipboardToken: { offerId: string; region: RegionId; label?: string }
  refreshAccount: { accountId: string }
  refreshAllAccounts: void
  refreshWorkspaces: { accountId: string }
  renameAccount: { accountId: string; label: string }
  removeAccount: { accountId: string }
  getAccountActivity: { accountId: string }
  undoRemoveAccount: { accountId: string }
  copyToken: { accountId: string; format: TokenFormat }
  revealToken: { accountId: string }
  chooseFile: { purpose: 'private-key' | 'profile' | 'import'; path?: string }
  listProfiles: void
  addProfile: WrittenProfileInput
  updateProfile: { profileId: string; profile: WrittenProfileInput }
  removeProfile: { profileId: string }
  importProfileFile: { fileId: string }
  previewJwt: { profileId: string }
  getSettings: void
  updateSettings: WrittenSettingsPatch
  getProxyStatus: void
  exportAccounts: { passphrase?: string; confirmationToken?: string }
  importAccounts: { fileId: string; passphrase?: string }
  answerCommandLineApproval: { requestId: string; allow: boolean }
  getUpdateStatus: void
  restartToUpdate: void
}

type Flat<T> = { [K in keyof T]: T[K] }
type SameRequests = { [K in OperationName]: Equal<Flat<RequestOf<K>>, Flat<WrittenRequests[K]>> }

export const typesMatchTheirSchemas: [
  Equal<ProfileFields, WrittenProfileFields>,
  Equal<ProfileInput, WrittenProfileInput>,
  Equal<AppSettings, WrittenSettings>,
  Equal<Flat<SettingsPatchInput>, Flat<WrittenSettingsPatch>>,
  Equal<RegionId, 'com' | 'cn' | 'custom'>,
  Equal<ClientType, 'web' | 'pkce' | 'device' | 'jwt'>,
  Equal<TokenFormat, 'raw' | 'export' | 'header' | 'curl' | 'dotenv'>,
  Equal<SameRequests[OperationName], true>,
  Equal<keyof typeof requestSchemas, OperationName>,
] = [true, true, true, true, true, true, true, true, true]

// A schema that drifts (a field dropped, made optional, or widened) gives another type.
type Properties = (typeof profileFieldsSchema)['properties']
type Drifted<P, R extends string> = SchemaType<{
  type: 'object'
  properties: P
  required: readonly R[]
  additionalProperties: false
}>
export const driftIsSeen: [
  Equal<
    Drifted<Omit<Properties, 'sessionName'>, 'name' | 'region' | 'clientType' | 'clientId'>,
    ProfileFields
  >,
  Equal<Drifted<Properties, 'name' | 'region' | 'clientType'>, ProfileFields>,
  Equal<
    Drifted<
      Omit<Properties, 'region'> & { region: { type: 'string' } },
      'name' | 'region' | 'clientType' | 'clientId'
    >,
    ProfileFields
  >,
  Equal<Drifted<Properties, 'name' | 'region' | 'clientType' | 'clientId'>, ProfileFields>,
] = [false, false, false, true]

/** Every property schema in a schema, with its name. */
function propertiesOf(
  schema: JsonSchema,
  found: [string, JsonSchema][] = [],
): [string, JsonSchema][] {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push([name, property])
    propertiesOf(property, found)
    for (const branch of property.anyOf ?? []) found.push([name, branch])
  }
  return found
}

const everySchema: JsonSchema[] = [
  ...Object.values(requestSchemas),
  settingsSchema,
  settingsPatchSchema,
  storedProfileSchema,
]

describe('the schemas of the contract', () => {
  it('give every operation a request schema, and no other', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual(Object.keys(operationChannels).sort())
  })

  it('give only reasons the window knows how to word', () => {
    const reasons = everySchema.flatMap((schema) =>
      propertiesOf(schema).flatMap(([, property]) => property['x-reason'] ?? []),
    )
    expect(reasons.length).toBeGreaterThan(5)
    for (const reason of reasons) expect(invalidArgumentReasons).toContain(reason)
  })

  it('mark as typed only fields that a too-long refusal can name', () => {
    const typed = everySchema.flatMap((schema) =>
      propertiesOf(schema).flatMap(([name, property]) =>
        property['x-typed'] === true && property.maxLength !== undefined ? [name] : [],
      ),
    )
    expect(typed).toContain('proxyUrl')
    for (const name of typed) expect(textFields).toContain(name)
  })

  it('are valid JSON Schemas, which the compilers no longer check at every start', () => {
    // Compiling with `validateSchema: false` (schema-check.ts, the account list) skips the
    // meta-schema, which took a command-line start about 20 ms: so the check is made here.
    const checker = new Ajv({ strict: true })
    for (const keyword of annotationKeywords) checker.addKeyword({ ...keyword })
    const schemas = [
      ...everySchema,
      storedAccountSchema,
      accountPatchSchema,
      metadataDocumentSchema,
    ]
    for (const schema of schemas) {
      expect(checker.validateSchema(schema), checker.errorsText()).toBe(true)
    }
    // The check itself can fail.
    expect(checker.validateSchema({ type: 'objekt' })).toBe(false)
  })

  it('close every object to unknown fields', () => {
    const objects = everySchema.flatMap((schema) => [
      schema,
      ...propertiesOf(schema).map(([, property]) => property),
    ])
    for (const schema of objects.filter((candidate) => candidate.type === 'object')) {
      expect(schema.additionalProperties).toBe(false)
    }
  })
})
