import { randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { InvalidArgumentReason } from '../../../shared/errors'
import { InvalidArgumentError } from '../errors'
import type { Clock } from '../ports'
import type { RegionEndpoints } from '../regions'
import { parseRsaPrivateKey } from './pem'
import type { CozeOAuthClient, TokenSet } from './token-client'
import { tokenEndpoint } from './token-client'

/** Coze's documented default and maximum for `duration_seconds` of a JWT app token. */
export const defaultTokenDurationSeconds = 900
export const maximumTokenDurationSeconds = 86399

/**
 * How long the signed JWT itself is valid. It is used once, straight away, so a short life limits
 * what a leaked one is worth while leaving room for a slow network and a little clock skew.
 */
export const defaultJwtLifetimeSeconds = 600
export const maximumJwtLifetimeSeconds = 3600

/** Coze recommends a jti of more than 32 bytes; 32 random bytes as hex are 64 characters. */
export const jtiRandomBytes = 32

/** Shown by the preview in place of the jti, which is drawn only when the JWT is signed. */
export const jtiPlaceholder = `<random, ${jtiRandomBytes} bytes>`

export interface AppJwtOptions {
  privateKey: KeyObject
  /** The public key fingerprint shown on the app's page; goes into the header as `kid`. */
  keyId: string
  clientId: string
  /** The API host without scheme (`RegionEndpoints.audience`). */
  audience: string
  /** Unix ms. */
  now: number
  /** The business-side user ID that isolates this token's conversations. */
  sessionName?: string
  jwtLifetimeSeconds?: number
}

export interface AppJwtClaims {
  iss: string
  aud: string
  /** Unix seconds. */
  iat: number
  /** Unix seconds. */
  exp: number
  jti: string
  session_name?: string
}

export interface JwtPreview {
  header: { alg: 'RS256'; typ: 'JWT'; kid: string }
  claims: AppJwtClaims
  durationSeconds: number
  tokenUrl: string
}

export interface JwtSignInRequest {
  endpoints: RegionEndpoints
  clientId: string
  keyId: string
  privateKeyPem: string
  /** Lifetime of the Coze token to ask for; default 900, at most 86399. */
  durationSeconds?: number
  sessionName?: string
  /** Sign in for another account (multi-org enterprise or cross-account). */
  accountId?: string
  scope?: unknown
  signal?: AbortSignal
}

export interface JwtFlowDependencies {
  oauth: CozeOAuthClient
  clock: Clock
}

/** The claims of an app JWT. Pure, so the UI can show them before anything is signed or sent. */
export function buildAppJwtClaims(
  options: Omit<AppJwtOptions, 'privateKey' | 'keyId'> & { jti: string },
): AppJwtClaims {
  const clientId = requireText(options.clientId, 'The app ID (client ID)', clientIdReasons)
  const audience = requireText(options.audience, 'The JWT audience')
  const lifetime = options.jwtLifetimeSeconds ?? defaultJwtLifetimeSeconds
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > maximumJwtLifetimeSeconds) {
    throw new InvalidArgumentError(
      `The JWT lifetime must be a whole number of seconds from 1 to ${maximumJwtLifetimeSeconds}.`,
    )
  }
  if (!Number.isFinite(options.now)) {
    throw new InvalidArgumentError('The current time is not a number.')
  }
  if (options.jti === '') throw new InvalidArgumentError('The JWT ID (jti) is empty.')
  const iat = Math.floor(options.now / 1000)
  const claims: AppJwtClaims = {
    iss: clientId,
    aud: audience,
    iat,
    exp: iat + lifetime,
    jti: options.jti,
  }
  // An empty session name would isolate nothing and only confuse; leaving it out is the same.
  if (options.sessionName !== undefined && options.sessionName !== '') {
    claims.session_name = options.sessionName
  }
  return claims
}

/** A fresh, single-use RS256 JWT for Coze's jwt-bearer grant. */
export async function signAppJwt(options: AppJwtOptions): Promise<string> {
  const key = options.privateKey
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentError('An app JWT can only be signed with an RSA private key.')
  }
  const keyId = requireText(options.keyId, 'The public key ID', keyIdReasons)
  const claims = buildAppJwtClaims({ ...options, jti: newJti() })
  // Loaded when first needed: a start that signs nothing (most command-line calls) skips it.
  const { SignJWT } = await import('jose')
  // jose caches the imported key per KeyObject, so signing with the same key again is cheap.
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keyId })
    .sign(key)
}

/**
 * What signInWithJwt would sign and where it would send it, without signing or sending anything.
 * It checks everything signInWithJwt checks, so a preview that succeeds means the request is
 * well-formed; only Coze can tell whether the key and IDs are right.
 */
export function previewJwtSignIn(request: JwtSignInRequest, now: number): JwtPreview {
  const checked = checkRequest(request)
  return {
    header: { alg: 'RS256', typ: 'JWT', kid: checked.keyId },
    claims: buildAppJwtClaims({
      clientId: checked.clientId,
      audience: request.endpoints.audience,
      now,
      jti: jtiPlaceholder,
      ...(request.sessionName !== undefined ? { sessionName: request.sessionName } : {}),
    }),
    durationSeconds: checked.durationSeconds,
    tokenUrl: tokenEndpoint(request.endpoints, checked.accountId),
  }
}

/**
 * Signs a JWT with the app's key and exchanges it for a `czs_` app token. There is no refresh
 * token: to renew, call this again (refreshWithJwt), which signs a new JWT with a new jti.
 */
export async function signInWithJwt(
  deps: JwtFlowDependencies,
  request: JwtSignInRequest,
): Promise<TokenSet> {
  const checked = checkRequest(request)
  const jwt = await signAppJwt({
    privateKey: checked.privateKey,
    keyId: checked.keyId,
    clientId: checked.clientId,
    audience: request.endpoints.audience,
    now: deps.clock.now(),
    ...(request.sessionName !== undefined ? { sessionName: request.sessionName } : {}),
  })
  return deps.oauth.jwtToken(
    request.endpoints,
    {
      jwt,
      durationSeconds: checked.durationSeconds,
      ...(checked.accountId !== undefined ? { accountId: checked.accountId } : {}),
      ...(request.scope !== undefined ? { scope: request.scope } : {}),
    },
    request.signal,
  )
}

/** A JWT app token cannot be refreshed; "refreshing" it means minting a new one. */
export function refreshWithJwt(
  deps: JwtFlowDependencies,
  request: JwtSignInRequest,
): Promise<TokenSet> {
  return signInWithJwt(deps, request)
}

/** Throws InvalidArgumentError unless `value` is a whole number of seconds Coze accepts. */
export function checkTokenDurationSeconds(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > maximumTokenDurationSeconds) {
    throw new InvalidArgumentError(
      `The token lifetime must be a whole number of seconds from 1 to ${maximumTokenDurationSeconds} (just under 24 hours).`,
      {
        reason: 'jwt-lifetime-range',
        params: { min: 1, max: maximumTokenDurationSeconds, maximum: maximumTokenDurationSeconds },
      },
    )
  }
  return value
}

/**
 * Parsed keys by their PEM text. Background refresh mints a token for the same app again and
 * again; parsing the PEM (and jose's import of the resulting key object, which it caches per
 * object) is most of the client-side cost, so the key object is reused. Bounded, and held only in
 * main's memory, where the PEM text already is.
 */
const parsedKeys = new Map<string, KeyObject>()
const parsedKeyLimit = 32

function parsedKeyFor(pem: string): KeyObject {
  const cached = parsedKeys.get(pem)
  if (cached) return cached
  const key = parseRsaPrivateKey(pem)
  if (parsedKeys.size >= parsedKeyLimit) {
    const oldest = parsedKeys.keys().next().value
    if (oldest !== undefined) parsedKeys.delete(oldest)
  }
  parsedKeys.set(pem, key)
  return key
}

interface CheckedRequest {
  privateKey: KeyObject
  keyId: string
  clientId: string
  durationSeconds: number
  accountId?: string
}

/** Every check that needs no network, cheapest first, so a bad request never reaches Coze. */
function checkRequest(request: JwtSignInRequest): CheckedRequest {
  const durationSeconds = checkTokenDurationSeconds(
    request.durationSeconds ?? defaultTokenDurationSeconds,
  )
  const clientId = requireText(request.clientId, 'The app ID (client ID)', clientIdReasons)
  const keyId = requireText(request.keyId, 'The public key ID', keyIdReasons)
  requireText(request.endpoints.audience, 'The JWT audience')
  const checked: CheckedRequest = {
    privateKey: parsedKeyFor(request.privateKeyPem),
    keyId,
    clientId,
    durationSeconds,
  }
  if (request.accountId !== undefined) {
    // An empty account ID would silently fall back to the app owner's account.
    checked.accountId = requireText(request.accountId, 'The account ID')
  }
  return checked
}

/** The reasons the window shows for an ID a person typed, when it is empty or has spaces. */
interface TypedIdReasons {
  empty: InvalidArgumentReason
  spaces: InvalidArgumentReason
}

const keyIdReasons: TypedIdReasons = {
  empty: 'public-key-id-missing',
  spaces: 'public-key-id-spaces',
}
const clientIdReasons: TypedIdReasons = { empty: 'client-id-invalid', spaces: 'client-id-invalid' }

/** IDs are pasted from the console, often with a stray space or newline around them. */
function requireText(value: string, what: string, reasons?: TypedIdReasons): string {
  const trimmed = typeof value === 'string' ? value.trim() : ''
  if (trimmed === '') {
    throw new InvalidArgumentError(
      `${what} is empty. Copy it from the Coze console.`,
      reasons ? { reason: reasons.empty } : {},
    )
  }
  if (/\s/.test(trimmed)) {
    throw new InvalidArgumentError(
      `${what} contains spaces. Copy it again from the Coze console.`,
      reasons ? { reason: reasons.spaces } : {},
    )
  }
  return trimmed
}

function newJti(): string {
  return randomBytes(jtiRandomBytes).toString('hex')
}
