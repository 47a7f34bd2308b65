import type {
  ClientType,
  ProfileInput,
  RegionId,
  SettingsPatchInput,
} from '../../../shared/ipc-contract'
import { confirmationTokenField } from '../../../shared/confirmation'
import type { InvalidArgumentReason } from '../../../shared/errors'
import { tokenFormats } from '../clipboard/token-formats'
import { InvalidArgumentError } from '../errors'
import { minimumPassphraseLength } from '../vault/transfer'
import type { RequestValidators } from './dispatcher'
import {
  expectNothing,
  expectObject,
  optionalBoolean,
  optionalInteger,
  optionalOneOf,
  optionalText,
  requiredOneOf,
  requiredText,
} from './validate'

const id = { maxLength: 200, minLength: 1, pattern: /^[\w:.-]+$/ }
const regions: readonly RegionId[] = ['com', 'cn', 'custom']
const clientTypes: readonly ClientType[] = ['web', 'pkce', 'device', 'jwt']
/** Unix ms from 2001 to 2200: anything else is not an expiry date a person picked. */
const expiryRange = { min: 1_000_000_000_000, max: 7_258_118_400_000 }
/** The longest paste looked at: room for a `Bearer ` or `export` line around a 4 KB token. */
const pastedTextLimit = 5000

/*
 * The checks below come in two kinds. A value of the wrong type or shape can only come from a bug
 * (the window never sends one), so `validate.ts` refuses it with a plain sentence. A value a person
 * typed (a name too long, a lifetime out of range) is refused with a reason from
 * `invalidArgumentReasons`, which the window turns into a text in the person's language.
 */

/**
 * Text a person typed: its type is checked as usual, its length with a reason (`text-too-long`
 * naming the field unless the rules give a reason of their own).
 */
function typedText(
  record: Record<string, unknown>,
  field: string,
  rules: { maxLength: number; minLength?: number; reason?: InvalidArgumentReason },
): string | undefined {
  const value = optionalText(record, field, { maxLength: Number.POSITIVE_INFINITY })
  if (value === undefined) return undefined
  const minLength = rules.minLength ?? 0
  const fits = value.length >= minLength && value.length <= rules.maxLength
  if (fits) return value
  const sentence = `The field "${field}" must have ${minLength} to ${rules.maxLength} characters.`
  if (rules.reason !== undefined) {
    throw new InvalidArgumentError(sentence, {
      reason: rules.reason,
      params: { min: minLength, max: rules.maxLength },
    })
  }
  if (value.length > rules.maxLength) {
    throw new InvalidArgumentError(sentence, {
      reason: 'text-too-long',
      params: { field, max: rules.maxLength },
    })
  }
  // Too short without a reason of its own: the window checks for that first, so it is a bug.
  throw new InvalidArgumentError(sentence)
}

function requiredTypedText(
  record: Record<string, unknown>,
  field: string,
  rules: Parameters<typeof typedText>[2],
): string {
  // A missing field is a bug; an empty one was typed (and has a minimum length).
  return typedText(record, field, rules) ?? requiredText(record, field)
}

/** A whole number a person picked: a number it must be, its range comes with a reason. */
function typedInteger(
  record: Record<string, unknown>,
  field: string,
  range: { min: number; max: number },
  reason: InvalidArgumentReason,
): number | undefined {
  const value = record[field]
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return optionalInteger(record, field, range)
  }
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InvalidArgumentError(
      `The field "${field}" must be a whole number from ${range.min} to ${range.max}.`,
      { reason, params: { min: range.min, max: range.max } },
    )
  }
  return value
}

/**
 * The proxy the person typed: the same rules as `checkProxyUrl`, which the handler still applies
 * (it also writes the address out in full), with a reason for each refusal.
 */
function checkTypedProxy(proxy: string): void {
  const trimmed = proxy.trim()
  if (trimmed === '') return
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new InvalidArgumentError(
      'The proxy must be an address such as http://proxy.example:8080.',
      { reason: 'proxy-url-invalid' },
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('Only http:// and https:// proxies are supported.', {
      reason: 'proxy-url-scheme',
    })
  }
}

const accountIdOnly = (raw: unknown): { accountId: string } => ({
  accountId: requiredText(expectObject(raw, ['accountId']), 'accountId', id),
})

const profileFields = [
  'name',
  'region',
  'apiBase',
  'webBase',
  'clientType',
  'clientId',
  'redirectUri',
  'codeChallengeMethod',
  'publicKeyId',
  'jwtDurationSeconds',
  'sessionName',
  'workspaceId',
  'accountId',
  'clientSecret',
  'privateKeyFileId',
] as const

function profileInput(raw: unknown): ProfileInput {
  const record = expectObject(raw, profileFields, 'The profile')
  const input: ProfileInput = {
    name: requiredTypedText(record, 'name', {
      minLength: 1,
      maxLength: 100,
      reason: 'profile-name-length',
    }),
    region: requiredOneOf(record, 'region', regions),
    clientType: requiredOneOf(record, 'clientType', clientTypes),
    clientId: requiredTypedText(record, 'clientId', {
      minLength: 1,
      maxLength: 200,
      reason: 'client-id-invalid',
    }),
  }
  const texts = [
    ['apiBase', 500],
    ['webBase', 500],
    ['redirectUri', 500],
    ['publicKeyId', 200],
    ['sessionName', 200],
    ['workspaceId', 100],
    ['accountId', 100],
    ['clientSecret', 1000],
  ] as const
  for (const [field, maxLength] of texts) {
    const value = typedText(record, field, { maxLength })
    if (value !== undefined && value !== '') input[field] = value
  }
  // A handle main made up: never typed.
  const keyFileId = optionalText(record, 'privateKeyFileId', { maxLength: 100 })
  if (keyFileId !== undefined && keyFileId !== '') input.privateKeyFileId = keyFileId
  const method = optionalOneOf(record, 'codeChallengeMethod', ['S256', 'plain'] as const)
  if (method) input.codeChallengeMethod = method
  const duration = typedInteger(
    record,
    'jwtDurationSeconds',
    { min: 1, max: 86_399 },
    'jwt-lifetime-range',
  )
  if (duration !== undefined) input.jwtDurationSeconds = duration
  return input
}

function settingsPatch(raw: unknown): SettingsPatchInput {
  const record = expectObject(raw, [
    'defaultRegion',
    'proxyUrl',
    'clipboardClearSeconds',
    'keepInTray',
    'launchAtLogin',
    'language',
    'secretStorage',
    'allowPlaintextSecrets',
    confirmationTokenField,
  ])
  const patch: SettingsPatchInput = {}
  const region = optionalOneOf(record, 'defaultRegion', ['com', 'cn'] as const)
  if (region) patch.defaultRegion = region
  if (record.proxyUrl === null) patch.proxyUrl = null
  else {
    const proxy = typedText(record, 'proxyUrl', { maxLength: 500 })
    if (proxy !== undefined) {
      checkTypedProxy(proxy)
      patch.proxyUrl = proxy
    }
  }
  const seconds = typedInteger(
    record,
    'clipboardClearSeconds',
    { min: 0, max: 3600 },
    'clipboard-seconds-range',
  )
  if (seconds !== undefined) patch.clipboardClearSeconds = seconds
  for (const field of ['keepInTray', 'launchAtLogin', 'allowPlaintextSecrets'] as const) {
    const value = optionalBoolean(record, field)
    if (value !== undefined) patch[field] = value
  }
  const language = optionalOneOf(record, 'language', ['system', 'en', 'zh-CN'] as const)
  if (language) patch.language = language
  const storage = optionalOneOf(record, 'secretStorage', ['safe-storage', 'keychain'] as const)
  if (storage) patch.secretStorage = storage
  const token = confirmationToken(record)
  if (token !== undefined) patch.confirmationToken = token
  return patch
}

/** The token a confirmed weakening comes back with; its worth is for the handler to judge. */
function confirmationToken(record: Record<string, unknown>): string | undefined {
  return typedText(record, confirmationTokenField, { minLength: 1, maxLength: 200 })
}

/** One validator per operation: what the renderer sends is checked before any handler runs. */
export const requestValidators: RequestValidators = {
  getAppInfo: expectNothing,
  getStorageStatus: expectNothing,
  listAccounts: expectNothing,
  getAccount: accountIdOnly,
  signIn: (raw) => {
    const record = expectObject(raw, ['signInId', 'profileId', 'region'])
    const request: { signInId: string; profileId: string; region?: RegionId } = {
      signInId: requiredText(record, 'signInId', id),
      profileId: requiredText(record, 'profileId', id),
    }
    const region = optionalOneOf(record, 'region', regions)
    if (region) request.region = region
    return request
  },
  cancelSignIn: (raw) => ({
    signInId: requiredText(expectObject(raw, ['signInId']), 'signInId', id),
  }),
  addPastedToken: (raw) => {
    const record = expectObject(raw, ['region', 'apiBase', 'token', 'expiresAt', 'label'])
    const request: {
      region: RegionId
      apiBase?: string
      token: string
      expiresAt?: number
      label?: string
    } = {
      region: requiredOneOf(record, 'region', regions),
      token: requiredTypedText(record, 'token', {
        maxLength: Number.POSITIVE_INFINITY,
      }),
    }
    // The same reasons the token check gives later, said before anything else is looked at.
    if (request.token.trim() === '') {
      throw new InvalidArgumentError('Paste a token first.', { reason: 'token-empty' })
    }
    if (request.token.length > pastedTextLimit) {
      throw new InvalidArgumentError(
        'This does not look like a Coze token. Copy it again from the Coze console.',
        { reason: 'token-not-coze' },
      )
    }
    const apiBase = typedText(record, 'apiBase', { maxLength: 500 })
    if (apiBase) request.apiBase = apiBase
    const expiresAt = typedInteger(record, 'expiresAt', expiryRange, 'token-expiry-invalid')
    if (expiresAt !== undefined) request.expiresAt = expiresAt
    const label = typedText(record, 'label', { maxLength: 100, reason: 'label-length' })
    if (label) request.label = label
    return request
  },
  refreshAccount: accountIdOnly,
  refreshAllAccounts: expectNothing,
  refreshWorkspaces: accountIdOnly,
  renameAccount: (raw) => {
    const record = expectObject(raw, ['accountId', 'label'])
    return {
      accountId: requiredText(record, 'accountId', id),
      label: requiredTypedText(record, 'label', {
        minLength: 1,
        maxLength: 100,
        reason: 'label-length',
      }),
    }
  },
  removeAccount: accountIdOnly,
  copyToken: (raw) => {
    const record = expectObject(raw, ['accountId', 'format'])
    return {
      accountId: requiredText(record, 'accountId', id),
      format: requiredOneOf(record, 'format', tokenFormats),
    }
  },
  revealToken: accountIdOnly,
  chooseFile: (raw) => {
    const record = expectObject(raw, ['purpose', 'path'])
    const request: { purpose: 'private-key' | 'profile' | 'import'; path?: string } = {
      purpose: requiredOneOf(record, 'purpose', ['private-key', 'profile', 'import'] as const),
    }
    const path = typedText(record, 'path', { minLength: 1, maxLength: 4096 })
    if (path !== undefined) request.path = path
    return request
  },
  listProfiles: expectNothing,
  addProfile: profileInput,
  updateProfile: (raw) => {
    const record = expectObject(raw, ['profileId', 'profile'])
    return {
      profileId: requiredText(record, 'profileId', id),
      profile: profileInput(record.profile),
    }
  },
  removeProfile: (raw) => ({
    profileId: requiredText(expectObject(raw, ['profileId']), 'profileId', id),
  }),
  importProfileFile: (raw) => ({
    fileId: requiredText(expectObject(raw, ['fileId']), 'fileId', id),
  }),
  previewJwt: (raw) => ({
    profileId: requiredText(expectObject(raw, ['profileId']), 'profileId', id),
  }),
  getSettings: expectNothing,
  updateSettings: settingsPatch,
  exportAccounts: (raw) => {
    if (raw === undefined || raw === null) return {}
    const record = expectObject(raw, ['passphrase', confirmationTokenField])
    const token = confirmationToken(record)
    const passphrase = typedText(record, 'passphrase', {
      maxLength: 1000,
    })
    if (passphrase === undefined) return token === undefined ? {} : { confirmationToken: token }
    if (passphrase.length < minimumPassphraseLength) {
      throw new InvalidArgumentError(
        `Choose a passphrase of at least ${minimumPassphraseLength} characters: the export holds your tokens.`,
        { reason: 'passphrase-too-short', params: { min: minimumPassphraseLength } },
      )
    }
    return token === undefined ? { passphrase } : { passphrase, confirmationToken: token }
  },
  importAccounts: (raw) => {
    const record = expectObject(raw, ['fileId', 'passphrase'])
    const request: { fileId: string; passphrase?: string } = {
      fileId: requiredText(record, 'fileId', id),
    }
    const passphrase = typedText(record, 'passphrase', { maxLength: 1000 })
    if (passphrase !== undefined) request.passphrase = passphrase
    return request
  },
}
