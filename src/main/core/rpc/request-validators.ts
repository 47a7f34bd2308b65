import type {
  ClientType,
  ProfileInput,
  RegionId,
  SettingsPatchInput,
} from '../../../shared/ipc-contract'
import { tokenFormats } from '../clipboard/token-formats'
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
    name: requiredText(record, 'name', { minLength: 1, maxLength: 100 }),
    region: requiredOneOf(record, 'region', regions),
    clientType: requiredOneOf(record, 'clientType', clientTypes),
    clientId: requiredText(record, 'clientId', { minLength: 1, maxLength: 200 }),
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
    ['privateKeyFileId', 100],
  ] as const
  for (const [field, maxLength] of texts) {
    const value = optionalText(record, field, { maxLength })
    if (value !== undefined && value !== '') input[field] = value
  }
  const method = optionalOneOf(record, 'codeChallengeMethod', ['S256', 'plain'] as const)
  if (method) input.codeChallengeMethod = method
  const duration = optionalInteger(record, 'jwtDurationSeconds', { min: 1, max: 86_399 })
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
  ])
  const patch: SettingsPatchInput = {}
  const region = optionalOneOf(record, 'defaultRegion', ['com', 'cn'] as const)
  if (region) patch.defaultRegion = region
  if (record.proxyUrl === null) patch.proxyUrl = null
  else {
    const proxy = optionalText(record, 'proxyUrl', { maxLength: 500 })
    if (proxy !== undefined) patch.proxyUrl = proxy
  }
  const seconds = optionalInteger(record, 'clipboardClearSeconds', { min: 0, max: 3600 })
  if (seconds !== undefined) patch.clipboardClearSeconds = seconds
  for (const field of ['keepInTray', 'launchAtLogin', 'allowPlaintextSecrets'] as const) {
    const value = optionalBoolean(record, field)
    if (value !== undefined) patch[field] = value
  }
  const language = optionalOneOf(record, 'language', ['system', 'en', 'zh-CN'] as const)
  if (language) patch.language = language
  const storage = optionalOneOf(record, 'secretStorage', ['safe-storage', 'keychain'] as const)
  if (storage) patch.secretStorage = storage
  return patch
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
      token: requiredText(record, 'token', { minLength: 1, maxLength: 5000 }),
    }
    const apiBase = optionalText(record, 'apiBase', { maxLength: 500 })
    if (apiBase) request.apiBase = apiBase
    const expiresAt = optionalInteger(record, 'expiresAt', expiryRange)
    if (expiresAt !== undefined) request.expiresAt = expiresAt
    const label = optionalText(record, 'label', { maxLength: 100 })
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
      label: requiredText(record, 'label', { minLength: 1, maxLength: 100 }),
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
    const path = optionalText(record, 'path', { minLength: 1, maxLength: 4096 })
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
    const passphrase = optionalText(expectObject(raw, ['passphrase']), 'passphrase', {
      maxLength: 1000,
    })
    return passphrase === undefined ? {} : { passphrase }
  },
  importAccounts: (raw) => {
    const record = expectObject(raw, ['fileId', 'passphrase'])
    const request: { fileId: string; passphrase?: string } = {
      fileId: requiredText(record, 'fileId', id),
    }
    const passphrase = optionalText(record, 'passphrase', { maxLength: 1000 })
    if (passphrase !== undefined) request.passphrase = passphrase
    return request
  },
}
