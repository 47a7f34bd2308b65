/**
 * The one definition of each record the contract carries: an app profile, the settings, and the
 * request of every operation. Each is a JSON schema declared `as const`, plain data with no
 * import at run time. The types in `ipc-contract.ts` are read off these objects (`SchemaType`),
 * and main compiles the same objects with Ajv for the IPC check, the config-file import and the
 * metadata store, so all of them hold a value to the same limits.
 */
import type { JsonSchema, SchemaType } from './json-schema'

/** The limits, in characters (code points: Ajv counts an emoji as one). */
export const limits = {
  /** A profile's name and an account's label: what a list can show on one line. */
  name: 100,
  /** A handle main made up (an account, a profile, a sign-in, a chosen file). */
  id: 200,
  /** A Coze client ID, or a JWT app's session name. */
  identifier: 200,
  /** An ID Coze gives out: a public key, a workspace, an account (what the store always allowed). */
  cozeId: 256,
  /** An address: an API base, a redirect URI, a proxy. */
  url: 500,
  /** A client secret or a passphrase. */
  secret: 1000,
  /** A path on this computer (PATH_MAX on Linux). */
  path: 4096,
} as const

const idSchema = {
  type: 'string',
  minLength: 1,
  maxLength: limits.id,
  pattern: '^[\\w:.-]+$',
} as const satisfies JsonSchema

/** Text a person typed, up to `maxLength`. */
function typedText<const N extends number>(maxLength: N) {
  return { type: 'string', maxLength, 'x-typed': true } as const satisfies JsonSchema
}

export const regionSchema = {
  type: 'string',
  enum: ['com', 'cn', 'custom'],
} as const satisfies JsonSchema

export const clientTypeSchema = {
  type: 'string',
  enum: ['web', 'pkce', 'device', 'jwt'],
} as const satisfies JsonSchema

export const tokenFormatSchema = {
  type: 'string',
  enum: ['raw', 'export', 'header', 'curl', 'dotenv'],
} as const satisfies JsonSchema

/** The fields of an app profile, as typed in the window, read from a config file and stored. */
const profileFieldProperties = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: limits.name,
    'x-reason': 'profile-name-length',
  },
  region: regionSchema,
  clientType: clientTypeSchema,
  clientId: {
    type: 'string',
    minLength: 1,
    maxLength: limits.identifier,
    'x-reason': 'client-id-invalid',
  },
  apiBase: typedText(limits.url),
  webBase: typedText(limits.url),
  redirectUri: typedText(limits.url),
  publicKeyId: typedText(limits.cozeId),
  sessionName: typedText(limits.identifier),
  workspaceId: typedText(limits.cozeId),
  accountId: typedText(limits.cozeId),
  codeChallengeMethod: { type: 'string', enum: ['S256', 'plain'] },
  jwtDurationSeconds: {
    type: 'integer',
    minimum: 1,
    maximum: 86_399,
    'x-reason': 'jwt-lifetime-range',
  },
} as const satisfies Record<string, JsonSchema>

const profileRequired = ['name', 'region', 'clientType', 'clientId'] as const

export const profileFieldsSchema = {
  type: 'object',
  title: 'The app profile',
  properties: profileFieldProperties,
  required: profileRequired,
  additionalProperties: false,
} as const satisfies JsonSchema

/** A profile as the metadata store keeps it: the fields, its id, and no secret. */
export const storedProfileSchema = {
  type: 'object',
  title: 'The app profile',
  description: 'An OAuth app as registered on the Coze console; its secrets are in the vault.',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: limits.id },
    ...profileFieldProperties,
    /** Shipped with the build by an organisation: the user can use it but not change it. */
    bundled: { type: 'boolean' },
  },
  required: ['id', ...profileRequired],
  additionalProperties: false,
} as const satisfies JsonSchema

export const profileInputSchema = {
  type: 'object',
  title: 'The profile',
  properties: {
    ...profileFieldProperties,
    clientSecret: typedText(limits.secret),
    // A handle main made up: never typed.
    privateKeyFileId: { type: 'string', maxLength: limits.id },
  },
  required: profileRequired,
  additionalProperties: false,
} as const satisfies JsonSchema

const proxyUrl = typedText(limits.url)

/** The settings as stored; every field is there (defaults fill the gaps). */
export const settingsSchema = {
  type: 'object',
  title: 'The settings',
  description: 'The app settings.',
  properties: {
    defaultRegion: { type: 'string', enum: ['com', 'cn'] },
    // Stored only once checked: an http(s) address.
    proxyUrl: { ...proxyUrl, pattern: '^https?://' },
    clipboardClearSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 3600,
      'x-reason': 'clipboard-seconds-range',
    },
    keepInTray: { type: 'boolean' },
    launchAtLogin: { type: 'boolean' },
    language: { type: 'string', enum: ['system', 'en', 'zh-CN'] },
    secretStorage: { type: 'string', enum: ['safe-storage', 'keychain'] },
    allowPlaintextSecrets: { type: 'boolean' },
    /** Off (or absent): `coze-auth token` and `run` get a token without asking. */
    askBeforeCommandLineToken: { type: 'boolean' },
    /** The account `coze-auth token` and `run` use when none is named (`coze-auth use`). */
    commandLineAccount: { type: 'string', minLength: 1, maxLength: limits.id },
  },
  required: [
    'defaultRegion',
    'clipboardClearSeconds',
    'keepInTray',
    'launchAtLogin',
    'language',
    'secretStorage',
    'allowPlaintextSecrets',
  ],
  additionalProperties: false,
} as const satisfies JsonSchema

/** The token of a confirmed weakening (src/shared/confirmation.ts); its worth is main's to judge. */
const confirmationTokenSchema = { type: 'string', minLength: 1, maxLength: 200 } as const

/**
 * A change to the settings: a field left out keeps its value, `proxyUrl: null` removes the proxy
 * (null, because undefined does not survive IPC), and an empty proxy means none.
 */
export const settingsPatchSchema = {
  type: 'object',
  properties: {
    ...settingsSchema.properties,
    proxyUrl: { anyOf: [proxyUrl, { type: 'null' }] },
    confirmationToken: confirmationTokenSchema,
  },
  additionalProperties: false,
} as const satisfies JsonSchema

/** What an operation that takes nothing accepts: undefined or null. */
export const noArgument = { type: 'null' } as const satisfies JsonSchema

const accountIdOnly = {
  type: 'object',
  properties: { accountId: idSchema },
  required: ['accountId'],
  additionalProperties: false,
} as const satisfies JsonSchema

const profileIdOnly = {
  type: 'object',
  properties: { profileId: idSchema },
  required: ['profileId'],
  additionalProperties: false,
} as const satisfies JsonSchema

const fileIdOnly = {
  type: 'object',
  properties: { fileId: idSchema },
  required: ['fileId'],
  additionalProperties: false,
} as const satisfies JsonSchema

/** An account's label: the name the person gave it, or the one main made up at sign-in. */
export const accountLabelSchema = {
  type: 'string',
  minLength: 1,
  maxLength: limits.name,
  'x-reason': 'label-length',
} as const satisfies JsonSchema

// ---------------------------------------------------------------------------------------------
// The account record, as the metadata store keeps it (everything but its tokens)
// ---------------------------------------------------------------------------------------------

/** Text of at most `maxLength` characters (Coze's own values: not something a person typed). */
function text<const N extends number>(maxLength: N) {
  return { type: 'string', maxLength } as const satisfies JsonSchema
}

const unixMs = { type: 'number', minimum: 0, description: 'Unix ms.' } as const satisfies JsonSchema
const httpUrl = {
  type: 'string',
  maxLength: 4096,
  pattern: '^https?://',
} as const satisfies JsonSchema
const storedId = { type: 'string', minLength: 1, maxLength: 256 } as const satisfies JsonSchema

export const authMethodSchema = {
  type: 'string',
  enum: ['pkce', 'web', 'device', 'jwt', 'pat', 'sat'],
} as const satisfies JsonSchema

export const accountStatusSchema = {
  type: 'string',
  enum: ['active', 'expired', 'needs-sign-in'],
} as const satisfies JsonSchema

export const cozeUserSchema = {
  type: 'object',
  description: 'The Coze user the token belongs to.',
  properties: {
    userId: text(256),
    userName: text(1024),
    nickName: text(1024),
    avatarUrl: text(4096),
  },
  required: ['userId', 'userName', 'nickName', 'avatarUrl'],
  additionalProperties: false,
} as const satisfies JsonSchema

export const cozeWorkspaceSchema = {
  type: 'object',
  description: 'A workspace the token can reach.',
  properties: {
    id: storedId,
    name: text(1024),
    iconUrl: text(4096),
    // Open-ended on Coze's side (owner, admin, member, and whatever comes next).
    role: text(64),
    type: text(64),
    enterpriseId: text(256),
  },
  required: ['id', 'name', 'iconUrl', 'role', 'type', 'enterpriseId'],
  additionalProperties: false,
} as const satisfies JsonSchema

export const refreshOutcomeSchema = {
  type: 'object',
  description: 'The last refresh and how it ended.',
  properties: {
    at: unixMs,
    ok: { type: 'boolean' },
    // Not an enum of today's codes: a code added later must not cost an older build the account
    // (whoever shows it checks it is one it knows).
    code: text(64),
    message: text(4096),
    logId: text(256),
  },
  required: ['at', 'ok'],
  additionalProperties: false,
} as const satisfies JsonSchema

export const storedAccountSchema = {
  type: 'object',
  title: 'The account',
  description: "An account's metadata: everything but its tokens, which are in the vault.",
  properties: {
    id: storedId,
    label: accountLabelSchema,
    region: regionSchema,
    // For a custom deployment (or an explicit authorize host).
    apiBase: httpUrl,
    webBase: httpUrl,
    method: authMethodSchema,
    // The app profile it was signed in with; absent for a pasted token.
    profileId: storedId,
    clientId: text(256),
    user: cozeUserSchema,
    workspaces: { type: 'array', maxItems: 10_000, items: cozeWorkspaceSchema },
    // Whether the workspace list could be read (a narrow token may not).
    workspacesKnown: { type: 'boolean' },
    accessTokenExpiresAt: unixMs,
    refreshTokenExpiresAt: unixMs,
    status: accountStatusSchema,
    lastRefresh: refreshOutcomeSchema,
    // The first and last few characters of the access token.
    tokenHint: text(64),
    createdAt: unixMs,
    updatedAt: unixMs,
  },
  required: [
    'id',
    'label',
    'region',
    'method',
    'workspaces',
    'workspacesKnown',
    'status',
    'tokenHint',
    'createdAt',
    'updatedAt',
  ],
  additionalProperties: false,
} as const satisfies JsonSchema

/**
 * What a refresh changes in an account: its token state, laid over the stored record. Picked from
 * `storedAccountSchema`, so the two cannot disagree on a field.
 */
export const accountPatchSchema = {
  type: 'object',
  title: 'A refresh of the account',
  description: 'The fields of an account that a refresh changes; the others stay as they are.',
  properties: {
    status: storedAccountSchema.properties.status,
    accessTokenExpiresAt: storedAccountSchema.properties.accessTokenExpiresAt,
    refreshTokenExpiresAt: storedAccountSchema.properties.refreshTokenExpiresAt,
    tokenHint: storedAccountSchema.properties.tokenHint,
    lastRefresh: storedAccountSchema.properties.lastRefresh,
    updatedAt: storedAccountSchema.properties.updatedAt,
  },
  required: ['status', 'lastRefresh', 'updatedAt'],
  additionalProperties: false,
} as const satisfies JsonSchema

/** The longest paste looked at: room for a `Bearer ` or `export` line around a 4 KB token. */
export const pastedTextLimit = 5000

/** Unix ms from 2001 to 2200: anything else is not an expiry date a person picked. */
const expirySchema = {
  type: 'integer',
  minimum: 1_000_000_000_000,
  maximum: 7_258_118_400_000,
  'x-reason': 'token-expiry-invalid',
} as const satisfies JsonSchema

/** The request of every operation; main refuses anything else before a handler runs. */
export const requestSchemas = {
  getAppInfo: noArgument,
  getUpdateStatus: noArgument,
  restartToUpdate: noArgument,
  getStorageStatus: noArgument,
  listAccounts: noArgument,
  getAccount: accountIdOnly,
  signIn: {
    type: 'object',
    properties: { signInId: idSchema, profileId: idSchema, region: regionSchema },
    required: ['signInId', 'profileId'],
    additionalProperties: false,
  },
  cancelSignIn: {
    type: 'object',
    properties: { signInId: idSchema },
    required: ['signInId'],
    additionalProperties: false,
  },
  addPastedToken: {
    type: 'object',
    properties: {
      region: regionSchema,
      // Its length is judged with the token itself (`pastedTextLimit`), with that reason.
      token: { type: 'string' },
      apiBase: typedText(limits.url),
      expiresAt: expirySchema,
      label: accountLabelSchema,
    },
    required: ['region', 'token'],
    additionalProperties: false,
  },
  peekClipboardToken: noArgument,
  addClipboardToken: {
    type: 'object',
    properties: {
      offerId: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      region: regionSchema,
      label: accountLabelSchema,
    },
    required: ['offerId', 'region'],
    additionalProperties: false,
  },
  refreshAccount: accountIdOnly,
  refreshAllAccounts: noArgument,
  refreshWorkspaces: accountIdOnly,
  getAccountActivity: accountIdOnly,
  renameAccount: {
    type: 'object',
    properties: { accountId: idSchema, label: accountLabelSchema },
    required: ['accountId', 'label'],
    additionalProperties: false,
  },
  removeAccount: accountIdOnly,
  undoRemoveAccount: accountIdOnly,
  copyToken: {
    type: 'object',
    properties: { accountId: idSchema, format: tokenFormatSchema },
    required: ['accountId', 'format'],
    additionalProperties: false,
  },
  revealToken: accountIdOnly,
  chooseFile: {
    type: 'object',
    properties: {
      purpose: { type: 'string', enum: ['private-key', 'profile', 'import'] },
      path: { type: 'string', minLength: 1, maxLength: limits.path, 'x-typed': true },
    },
    required: ['purpose'],
    additionalProperties: false,
  },
  listProfiles: noArgument,
  addProfile: profileInputSchema,
  updateProfile: {
    type: 'object',
    properties: { profileId: idSchema, profile: profileInputSchema },
    required: ['profileId', 'profile'],
    additionalProperties: false,
  },
  removeProfile: profileIdOnly,
  importProfileFile: fileIdOnly,
  previewJwt: profileIdOnly,
  getSettings: noArgument,
  updateSettings: settingsPatchSchema,
  getProxyStatus: noArgument,
  exportAccounts: {
    type: 'object',
    properties: {
      passphrase: typedText(limits.secret),
      confirmationToken: confirmationTokenSchema,
    },
    additionalProperties: false,
  },
  importAccounts: {
    type: 'object',
    properties: { fileId: idSchema, passphrase: typedText(limits.secret) },
    required: ['fileId'],
    additionalProperties: false,
  },
  answerCommandLineApproval: {
    type: 'object',
    properties: { requestId: idSchema, allow: { type: 'boolean' } },
    required: ['requestId', 'allow'],
    additionalProperties: false,
  },
} as const satisfies Record<string, JsonSchema>

/** The request type of an operation, read off its schema; `void` for one that takes nothing. */
export type RequestSchemaType<K extends keyof typeof requestSchemas> =
  (typeof requestSchemas)[K] extends typeof noArgument
    ? void
    : SchemaType<(typeof requestSchemas)[K]>
