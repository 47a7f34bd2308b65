import type {
  ClientType,
  ProfileFields,
  ProfileSummary,
  RegionId,
} from '../../../../shared/ipc-contract'
import type { ErrorPayload } from '../../../../shared/errors'
import type { MessageKey } from '../../i18n/messages'

/** The four ways to add an account the screen offers, one tab each. */
export type SignInMethod = 'browser' | 'device' | 'jwt' | 'paste'

export const signInMethods: readonly SignInMethod[] = ['browser', 'device', 'jwt', 'paste']

/** The regions a person picks between; a custom deployment only comes with an imported profile. */
export type PickableRegion = Exclude<RegionId, 'custom'>

export const pickableRegions: readonly PickableRegion[] = ['com', 'cn']

export const regionNames: Record<RegionId, string> = {
  com: 'coze.com',
  cn: 'coze.cn',
  custom: 'custom',
}

export function isPickableRegion(value: unknown): value is PickableRegion {
  return value === 'com' || value === 'cn'
}

/**
 * The region main says a refused credential belongs to (WRONG_REGION), when it is one the person
 * can switch to: the region a "Switch to …" button offers.
 */
export function regionSwitchOf(failure: ErrorPayload | undefined): PickableRegion | undefined {
  if (failure?.code !== 'WRONG_REGION') return undefined
  const actual = failure.params?.actualRegion
  return isPickableRegion(actual) && actual !== failure.params?.chosenRegion ? actual : undefined
}

export function otherRegion(region: PickableRegion): PickableRegion {
  return region === 'com' ? 'cn' : 'com'
}

/** Main picks the flow from the app's client type; the screen shows it as one of its tabs. */
export const methodOfClientType: Record<ClientType, Exclude<SignInMethod, 'paste'>> = {
  pkce: 'browser',
  web: 'browser',
  device: 'device',
  jwt: 'jwt',
}

/** The client type a new profile starts with on each tab. */
export const clientTypeOfMethod: Record<SignInMethod, ClientType> = {
  browser: 'pkce',
  device: 'device',
  jwt: 'jwt',
  paste: 'pkce',
}

export const clientTypes: readonly ClientType[] = ['pkce', 'web', 'device', 'jwt']

/**
 * The profiles offered for a region. A custom deployment has no region button of its own, so its
 * profiles are offered under both rather than hidden.
 */
export function profilesForRegion(
  profiles: readonly ProfileSummary[],
  region: PickableRegion,
): ProfileSummary[] {
  return profiles.filter((profile) => profile.region === region || profile.region === 'custom')
}

/** A profile's own fields, without what only the summary knows, for an `updateProfile`. */
export function fieldsOf(profile: ProfileSummary): ProfileFields {
  const { id: _id, bundled: _b, hasClientSecret: _s, hasPrivateKey: _k, ...fields } = profile
  return fields
}

/** What main said a file chosen through it is: a handle and a name, never the content. */
export interface ChosenFile {
  fileId: string
  name: string
}

/** Coze's limits for `duration_seconds` of a service app token. */
export const jwtLifetimeDefault = 900
export const jwtLifetimeMax = 86399

/** The JWT fields of a service app profile, as typed (the lifetime stays text until checked). */
export interface JwtKeyValues {
  keyFile?: ChosenFile
  publicKeyId: string
  lifetimeSeconds: string
  sessionName: string
}

export type JwtFieldProblems = Partial<Record<'key' | 'publicKeyId' | 'lifetime', MessageKey>>

export function jwtValuesOf(profile: ProfileSummary | undefined): JwtKeyValues {
  return {
    publicKeyId: profile?.publicKeyId ?? '',
    lifetimeSeconds: String(profile?.jwtDurationSeconds ?? jwtLifetimeDefault),
    sessionName: profile?.sessionName ?? '',
  }
}

/** A whole number of seconds Coze accepts, or undefined. */
export function parseLifetime(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined
  const seconds = Number(text.trim())
  return seconds >= 1 && seconds <= jwtLifetimeMax ? seconds : undefined
}

/** Checks the JWT fields before anything is sent; `hasStoredKey` says main already has a key. */
export function checkJwtValues(values: JwtKeyValues, hasStoredKey: boolean): JwtFieldProblems {
  const problems: JwtFieldProblems = {}
  if (!values.keyFile && !hasStoredKey) problems.key = 'addFormKeyRequired'
  if (values.publicKeyId.trim() === '') problems.publicKeyId = 'addFormRequired'
  if (parseLifetime(values.lifetimeSeconds) === undefined)
    problems.lifetime = 'addJwtLifetimeInvalid'
  return problems
}

/** The JWT fields as profile fields (an empty session name is left out, not sent empty). */
export function jwtFieldsOf(
  values: JwtKeyValues,
): Pick<ProfileFields, 'publicKeyId' | 'jwtDurationSeconds' | 'sessionName'> {
  const fields: Pick<ProfileFields, 'publicKeyId' | 'jwtDurationSeconds' | 'sessionName'> = {
    publicKeyId: values.publicKeyId.trim(),
    jwtDurationSeconds: parseLifetime(values.lifetimeSeconds) ?? jwtLifetimeDefault,
  }
  const sessionName = values.sessionName.trim()
  if (sessionName !== '') fields.sessionName = sessionName
  return fields
}

/**
 * Moves focus to the first field a check refused, so a keyboard or screen reader user lands on
 * what to fix. A missing key file has no field of its own: its chooser takes the focus instead.
 */
export function focusFirstProblem(root: HTMLElement | undefined, keyMissing: boolean): void {
  if (!root) return
  const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]')
  const chooser = keyMissing
    ? root.querySelector<HTMLElement>(
        '[data-testid="jwt-key-path"], [data-testid="jwt-key-choose"]',
      )
    : null
  // Whichever comes first on screen.
  const first =
    invalid && chooser
      ? invalid.compareDocumentPosition(chooser) & Node.DOCUMENT_POSITION_FOLLOWING
        ? invalid
        : chooser
      : (invalid ?? chooser)
  first?.focus()
}
