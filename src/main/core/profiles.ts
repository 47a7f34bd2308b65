import type {
  ClientType,
  ProfileFields,
  ProfileImportWarning,
  RegionId,
} from '../../shared/ipc-contract'
import type { SchemaType } from '../../shared/json-schema'
import { profileFieldsSchema } from '../../shared/schemas'
import type { storedProfileSchema } from '../../shared/schemas'
import { InvalidArgumentError, quoteInput, withReason } from './errors'
import { parseLoopbackRedirectUri } from './oauth/loopback/loopback-server'
import { normaliseBase, officialApiBases } from './regions'
import { checkAgainst } from './schema-check'

export type { ClientType }

export const clientTypes: readonly ClientType[] = ['web', 'pkce', 'device', 'jwt']

/**
 * An OAuth app as the user (or the organisation that shipped the build, `bundled`: usable, not
 * changeable) registered it on the Coze console: the profile fields and an id, as the store keeps
 * them (`storedProfileSchema`). Secrets are not part of a profile: they live in the vault.
 */
export type AppProfile = SchemaType<typeof storedProfileSchema>

/** The secrets that belong to a profile; each is stored in the vault, never with the profile. */
export interface ProfileSecrets {
  clientSecret?: string
  privateKeyPem?: string
}

export interface ImportedProfile {
  profile: Omit<AppProfile, 'id'>
  secrets: ProfileSecrets
  /** Things the person should check, such as a redirect URI the file did not name. */
  warnings: ProfileImportWarning[]
}

/** What Coze's quickstarts register and listen on when their config file names no redirect URI. */
export const quickstartRedirectUri = 'http://127.0.0.1:8080/callback'

const officialHosts: Record<string, Exclude<RegionId, 'custom'>> = {
  'api.coze.com': 'com',
  'api.coze.cn': 'cn',
}

/** The region an API base belongs to: one of the two official hosts, or a custom deployment. */
export function regionOfApiBase(apiBase: string): RegionId {
  const host = new URL(normaliseBase(apiBase)).host
  return officialHosts[host] ?? 'custom'
}

/**
 * Reads a `coze_oauth_config.json`, the file Coze's quickstarts use. Unknown fields are ignored;
 * missing or contradictory ones are refused with a message that names them.
 */
export function parseOAuthConfigFile(
  text: string,
  chosenName = 'coze_oauth_config.json',
): ImportedProfile {
  // The name and the values below are the chooser's input: quoted back, but never in full.
  const fileName = quoteInput(chosenName)
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new InvalidArgumentError(
      `${fileName} is not valid JSON. Download it again from the Coze console.`,
      { reason: 'config-not-json', params: { file: fileName } },
    )
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError(`${fileName} must contain one JSON object.`, {
      reason: 'config-not-object',
      params: { file: fileName },
    })
  }
  const config = raw as Record<string, unknown>
  const text_ = (field: string): string | undefined => {
    const value = config[field]
    if (value === undefined || value === null || value === '') return undefined
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`"${field}" in ${fileName} must be text.`, {
        reason: 'config-field-not-text',
        params: { file: fileName, field },
      })
    }
    return value.trim()
  }

  const clientType = text_('client_type')
  if (!clientType || !(clientTypes as readonly string[]).includes(clientType)) {
    throw new InvalidArgumentError(
      `"client_type" in ${fileName} must be one of ${clientTypes.join(', ')}${clientType ? `, not "${quoteInput(clientType)}"` : ''}.`,
      { reason: 'config-client-type', params: { file: fileName } },
    )
  }
  const clientId = text_('client_id') ?? text_('app_id')
  if (!clientId) {
    throw new InvalidArgumentError(`${fileName} has no "client_id".`, {
      reason: 'config-client-id-missing',
      params: { file: fileName },
    })
  }

  const apiBase = checkedBase(text_('coze_api_base') ?? officialApiBases.com, 'api-base-invalid')
  const region = regionOfApiBase(apiBase)
  const profile: Omit<AppProfile, 'id'> = {
    name:
      text_('name') ??
      text_('app_name') ??
      `${clientType.toUpperCase()} app ${clientId.slice(0, 8)}`,
    region,
    clientType: clientType as ClientType,
    clientId,
  }
  if (region === 'custom') profile.apiBase = apiBase
  const webBase = text_('coze_www_base')
  if (webBase) profile.webBase = checkedBase(webBase, 'web-base-invalid')

  const redirectUris = config.redirect_uris
  const redirectUri =
    text_('redirect_uri') ??
    (Array.isArray(redirectUris) && typeof redirectUris[0] === 'string'
      ? redirectUris[0]
      : undefined)
  const warnings: ProfileImportWarning[] = []
  if (redirectUri) {
    profile.redirectUri = redirectUri
  } else if (profile.clientType === 'web' || profile.clientType === 'pkce') {
    // Coze's own config files carry no redirect URI; the quickstarts use this one.
    profile.redirectUri = quickstartRedirectUri
    warnings.push({
      code: 'redirect-uri-assumed',
      message: `${fileName} names no redirect URI, so ${quickstartRedirectUri} (what Coze's quickstarts use) was assumed. It must be registered for the app on the Coze console; change it in the profile if yours differs.`,
      params: { uri: quickstartRedirectUri, file: fileName },
    })
  }
  const publicKeyId = text_('public_key_id')
  if (publicKeyId) profile.publicKeyId = publicKeyId
  const workspaceId = text_('workspace_id')
  if (workspaceId) profile.workspaceId = workspaceId

  const secrets: ProfileSecrets = {}
  const clientSecret = text_('client_secret')
  const privateKey = text_('private_key')
  if (profile.clientType === 'web' && clientSecret) secrets.clientSecret = clientSecret
  if (profile.clientType === 'jwt' && privateKey) secrets.privateKeyPem = privateKey

  validateProfile(profile, secrets, fileName)
  return { profile, secrets, warnings }
}

/** The profile fields of a record (the schema's, no other), such as a stored profile's. */
export function profileFieldsOf(
  profile: Partial<Record<keyof ProfileFields, unknown>>,
): ProfileFields {
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(profileFieldsSchema.properties) as (keyof ProfileFields)[]) {
    if (profile[key] !== undefined) fields[key] = profile[key]
  }
  return fields as ProfileFields
}

/** Checks that a profile has what its client type needs, before anything is stored or sent. */
export function validateProfile(
  profile: Omit<AppProfile, 'id'>,
  secrets: ProfileSecrets,
  source = 'The app profile',
): void {
  // The fields' types and limits, exactly as IPC and the store check them. Only the fields: what
  // else a caller's object carries (an id, `bundled`) is the store's to judge.
  checkAgainst(profileFieldsSchema, profileFieldsOf(profile))
  if (!/^[\w.-]+$/.test(profile.clientId)) {
    throw new InvalidArgumentError(
      `${source}: the client ID has characters a Coze client ID never has.`,
      { reason: 'client-id-invalid' },
    )
  }
  if (profile.region === 'custom' && !profile.apiBase) {
    throw new InvalidArgumentError(`${source}: a custom deployment needs its API address.`, {
      reason: 'custom-needs-api-base',
    })
  }
  // Checked now, so a mistyped address is refused where it was typed, not at the next sign-in.
  if (profile.apiBase) checkedBase(profile.apiBase, 'api-base-invalid')
  if (profile.webBase) checkedBase(profile.webBase, 'web-base-invalid')
  if (profile.clientType === 'web' || profile.clientType === 'pkce') {
    if (!profile.redirectUri) {
      throw new InvalidArgumentError(
        `${source}: a ${profile.clientType} app needs its redirect URI, exactly as registered on the Coze console (for example http://127.0.0.1:8080/callback).`,
        { reason: 'redirect-uri-missing' },
      )
    }
    checkRedirectUri(profile.redirectUri, source)
  }
  if (profile.clientType === 'web' && !secrets.clientSecret) {
    throw new InvalidArgumentError(`${source}: a web app needs its client secret.`, {
      reason: 'client-secret-missing',
    })
  }
  if (profile.clientType === 'jwt') {
    if (!profile.publicKeyId) {
      throw new InvalidArgumentError(
        `${source}: a JWT app needs its public key ID (shown next to the key on the console).`,
        { reason: 'public-key-id-missing' },
      )
    }
    if (!secrets.privateKeyPem) {
      throw new InvalidArgumentError(
        `${source}: a JWT app needs its private key (private_key.pem).`,
        { reason: 'private-key-missing' },
      )
    }
  }
}

/**
 * The app receives the browser's answer itself, so the redirect must come back to this computer.
 * The loopback server's own rules decide, so a profile that saves also signs in.
 */
export function checkRedirectUri(uri: string, source = 'The app profile'): void {
  try {
    parseLoopbackRedirectUri(uri)
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw new InvalidArgumentError(`${source}: ${error.message}`, {
        ...(error.reason ? { reason: error.reason } : {}),
        ...(error.params ? { params: error.params } : {}),
      })
    }
    throw error
  }
}

/** A Coze address from a file or a profile, refused with a reason the window can show. */
function checkedBase(raw: string, reason: 'api-base-invalid' | 'web-base-invalid'): string {
  try {
    return normaliseBase(raw)
  } catch (error) {
    throw withReason(error, reason)
  }
}
