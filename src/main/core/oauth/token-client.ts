import type { ServerErrorDetails } from '../errors'
import {
  AccessDeniedError,
  DeviceCodeExpiredError,
  InvalidClientError,
  InvalidGrantError,
  InvalidResponseError,
  RefreshTokenDeadError,
  RequestRefusedError,
  ServerError,
} from '../errors'
import type { HttpClient, JsonResponse } from '../http/http-client'
import type { Clock } from '../ports'
import type { RegionEndpoints } from '../regions'

/** Coze documents 30 days for a refresh token; the token response does not say. */
export const refreshTokenLifetimeMs = 30 * 24 * 60 * 60 * 1000

/** Unix seconds below this are certainly durations: no token expires before 2001. */
const smallestPlausibleTimestamp = 1_000_000_000

/** Coze's tokens are some dozens of characters; anything near this is not a token. */
export const longestPlausibleTokenBytes = 8 * 1024

/**
 * How far from now an access token's expiry may lie. A little in the past allows for clock skew
 * (the token is then simply refreshed); more than a year ahead is no lifetime Coze hands out, and
 * storing it would keep a token "fresh" for ever.
 */
export const plausibleExpiryWindowMs = {
  before: 24 * 60 * 60 * 1000,
  after: 366 * 24 * 60 * 60 * 1000,
} as const

/**
 * A bearer token is an HTTP header value: visible ASCII only. This refuses whitespace, control
 * characters and NUL, and also anything beyond ASCII, which `fetch` cannot even send as a header.
 */
const plausibleTokenCharacters = /^[\x21-\x7e]+$/

export interface TokenSet {
  accessToken: string
  /** Unix ms. */
  accessTokenExpiresAt: number
  refreshToken?: string
  /** Unix ms; an estimate from the documented lifetime, counted from when we received it. */
  refreshTokenExpiresAt?: number
  logId?: string
  /** The HTTP status of the answer that carried the tokens (for the account's Activity). */
  status?: number
}

export interface DeviceCodeGrant {
  deviceCode: string
  userCode: string
  verificationUri: string
  /** `verification_uri` with the user code filled in, as every SDK builds it. */
  verificationUrlWithCode: string
  /** Unix ms when the device code dies. */
  expiresAt: number
  /** Seconds between polls the server asked for (never below 5 when used). */
  intervalSeconds: number
  logId?: string
}

export type DevicePollOutcome =
  { status: 'approved'; tokens: TokenSet } | { status: 'pending' } | { status: 'slow_down' }

export const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code'
export const jwtBearerGrantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

type GrantKind = 'code' | 'refresh' | 'device' | 'jwt'

/** The token endpoint: the one place its path is spelled, with the JWT account variant. */
export function tokenEndpoint(endpoints: RegionEndpoints, accountId?: string): string {
  return accountId
    ? `${endpoints.apiBase}/api/permission/oauth2/account/${encodeURIComponent(accountId)}/token`
    : `${endpoints.apiBase}/api/permission/oauth2/token`
}

/** The device-code endpoint, optionally scoped to one enterprise workspace. */
export function deviceCodeEndpoint(endpoints: RegionEndpoints, workspaceId?: string): string {
  return workspaceId
    ? `${endpoints.apiBase}/api/permission/oauth2/workspace_id/${encodeURIComponent(workspaceId)}/device/code`
    : `${endpoints.apiBase}/api/permission/oauth2/device/code`
}

/**
 * The OAuth endpoints of Coze, as `coze-auth-protocol.md` describes them. Secrets travel only in
 * `Authorization: Bearer`; `expires_in` in a token response is an absolute Unix time.
 */
export class CozeOAuthClient {
  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock,
  ) {}

  async exchangeCode(
    endpoints: RegionEndpoints,
    request: {
      clientId: string
      redirectUri: string
      code: string
      codeVerifier?: string
      clientSecret?: string
    },
    signal?: AbortSignal,
  ): Promise<TokenSet> {
    const body: Record<string, string> = {
      grant_type: 'authorization_code',
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      code: request.code,
    }
    if (request.codeVerifier !== undefined) body.code_verifier = request.codeVerifier
    const response = await this.http.send({
      method: 'POST',
      url: tokenEndpoint(endpoints),
      json: body,
      ...(request.clientSecret !== undefined ? { bearer: request.clientSecret } : {}),
      ...(signal ? { signal } : {}),
    })
    return this.readTokens(response, 'code', true)
  }

  async refresh(
    endpoints: RegionEndpoints,
    request: { clientId: string; refreshToken: string; clientSecret?: string },
    signal?: AbortSignal,
  ): Promise<TokenSet> {
    const response = await this.http.send({
      method: 'POST',
      url: tokenEndpoint(endpoints),
      json: {
        grant_type: 'refresh_token',
        client_id: request.clientId,
        refresh_token: request.refreshToken,
      },
      ...(request.clientSecret !== undefined ? { bearer: request.clientSecret } : {}),
      ...(signal ? { signal } : {}),
    })
    return this.readTokens(response, 'refresh', true)
  }

  async requestDeviceCode(
    endpoints: RegionEndpoints,
    request: { clientId: string; workspaceId?: string },
    signal?: AbortSignal,
  ): Promise<DeviceCodeGrant> {
    const response = await this.http.send({
      method: 'POST',
      url: deviceCodeEndpoint(endpoints, request.workspaceId),
      json: { client_id: request.clientId },
      ...(signal ? { signal } : {}),
    })
    this.throwIfError(response, 'device')
    const body = objectBody(response)
    const deviceCode = body.device_code
    const userCode = body.user_code
    const verificationUri = body.verification_uri
    if (
      typeof deviceCode !== 'string' ||
      deviceCode === '' ||
      typeof verificationUri !== 'string'
    ) {
      throw new InvalidResponseError('no device code in the answer', detailsOf(response))
    }
    if (typeof userCode !== 'string' && typeof userCode !== 'number') {
      throw new InvalidResponseError('no user code in the answer', detailsOf(response))
    }
    // Here, unlike in token responses, expires_in is a duration in seconds.
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300
    const interval = typeof body.interval === 'number' && body.interval > 0 ? body.interval : 5
    const separator = verificationUri.includes('?') ? '&' : '?'
    const grant: DeviceCodeGrant = {
      deviceCode,
      userCode: String(userCode),
      verificationUri,
      verificationUrlWithCode: `${verificationUri}${separator}user_code=${encodeURIComponent(String(userCode))}`,
      expiresAt: this.clock.now() + lifetime * 1000,
      intervalSeconds: interval,
    }
    if (response.logId !== undefined) grant.logId = response.logId
    return grant
  }

  async pollDeviceToken(
    endpoints: RegionEndpoints,
    request: { clientId: string; deviceCode: string },
    signal?: AbortSignal,
  ): Promise<DevicePollOutcome> {
    const response = await this.http.send({
      method: 'POST',
      url: tokenEndpoint(endpoints),
      json: {
        grant_type: deviceCodeGrantType,
        client_id: request.clientId,
        device_code: request.deviceCode,
      },
      ...(signal ? { signal } : {}),
    })
    const code = oauthErrorCode(response.body)
    if (code === 'authorization_pending') return { status: 'pending' }
    if (code === 'slow_down') return { status: 'slow_down' }
    return { status: 'approved', tokens: this.readTokens(response, 'device', true) }
  }

  async jwtToken(
    endpoints: RegionEndpoints,
    request: { jwt: string; durationSeconds: number; accountId?: string; scope?: unknown },
    signal?: AbortSignal,
  ): Promise<TokenSet> {
    const body: Record<string, unknown> = {
      grant_type: jwtBearerGrantType,
      duration_seconds: request.durationSeconds,
    }
    if (request.scope !== undefined) body.scope = request.scope
    const response = await this.http.send({
      method: 'POST',
      url: tokenEndpoint(endpoints, request.accountId),
      json: body,
      bearer: request.jwt,
      ...(signal ? { signal } : {}),
    })
    return this.readTokens(response, 'jwt', false)
  }

  private readTokens(
    response: JsonResponse,
    grant: GrantKind,
    expectRefreshToken: boolean,
  ): TokenSet {
    this.throwIfError(response, grant)
    return readTokenAnswer(response, this.clock.now(), expectRefreshToken)
  }

  private throwIfError(response: JsonResponse, grant: GrantKind): void {
    const code = oauthErrorCode(response.body)
    if (code === undefined && response.status < 400) return
    const details = detailsOf(response)
    if (response.status >= 500 || code === 'internal_error') throw new ServerError(details)
    switch (code) {
      case 'invalid_client':
        throw new InvalidClientError(
          details,
          grant === 'jwt' ? "the app's JWT (its key ID, private key or app ID)" : undefined,
        )
      case 'invalid_grant':
        throw grant === 'refresh'
          ? new RefreshTokenDeadError(details)
          : new InvalidGrantError(details)
      case 'access_denied':
      case 'access_deny':
        // On a refresh this is "login session invalid" or a deactivated app: only a new sign-in
        // helps.
        throw grant === 'refresh'
          ? new RefreshTokenDeadError(details)
          : new AccessDeniedError(details)
      case 'expired_token':
        if (grant === 'device') throw new DeviceCodeExpiredError(details)
        throw grant === 'refresh'
          ? new RefreshTokenDeadError(details)
          : new InvalidGrantError(details)
      default:
        if (grant === 'refresh' && response.status === 401) throw new RefreshTokenDeadError(details)
        throw new RequestRefusedError(details)
    }
  }
}

/** Coze's OAuth errors carry `error_code`, and sometimes `error` too; either may be set alone. */
export function oauthErrorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  for (const field of ['error_code', 'error']) {
    const value = record[field]
    if (typeof value === 'string' && value !== '') return value
  }
  return undefined
}

function detailsOf(response: JsonResponse): ServerErrorDetails {
  const details: ServerErrorDetails = { status: response.status }
  if (response.logId !== undefined) details.logId = response.logId
  const code = oauthErrorCode(response.body)
  if (code !== undefined) details.serverCode = code
  if (typeof response.body === 'object' && response.body !== null) {
    const record = response.body as Record<string, unknown>
    const message = record.error_message ?? record.error_description
    if (typeof message === 'string' && message !== '') details.serverMessage = message.slice(0, 300)
  }
  return details
}

/**
 * The one check of a token answer, for every grant (code, PKCE, refresh, device, JWT): the body
 * must be an object, each token a plausible header value, and the expiry a plausible instant.
 * Anything else is INVALID_RESPONSE with the log ID, and nothing of it is stored.
 */
export function readTokenAnswer(
  response: JsonResponse,
  now: number,
  expectRefreshToken: boolean,
): TokenSet {
  const body = objectBody(response)
  const accessToken = checkedToken(response, body.access_token, 'access token')
  if (accessToken === undefined) {
    throw new InvalidResponseError('no access token in the answer', detailsOf(response))
  }
  const expiresIn = body.expires_in
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new InvalidResponseError('no expiry in the answer', detailsOf(response))
  }
  // Coze sends an absolute Unix time. A small number can only be a duration; accept it as one
  // rather than store an expiry in 1970.
  const accessTokenExpiresAt =
    expiresIn >= smallestPlausibleTimestamp ? expiresIn * 1000 : now + expiresIn * 1000
  if (
    accessTokenExpiresAt < now - plausibleExpiryWindowMs.before ||
    accessTokenExpiresAt > now + plausibleExpiryWindowMs.after
  ) {
    throw new InvalidResponseError(
      'an access token expiry that is not a plausible time',
      detailsOf(response),
    )
  }
  const tokens: TokenSet = { accessToken, accessTokenExpiresAt }
  const refreshToken = checkedToken(response, body.refresh_token, 'refresh token')
  if (refreshToken !== undefined) {
    tokens.refreshToken = refreshToken
    tokens.refreshTokenExpiresAt = now + refreshTokenLifetimeMs
  } else if (expectRefreshToken) {
    throw new InvalidResponseError('no refresh token in the answer', detailsOf(response))
  }
  if (response.logId !== undefined) tokens.logId = response.logId
  tokens.status = response.status
  return tokens
}

/** The body as a record, or INVALID_RESPONSE when it is null, an array, a string or a number. */
function objectBody(response: JsonResponse): Record<string, unknown> {
  const body = response.body
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidResponseError(
      `${body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`} instead of an object`,
      detailsOf(response),
    )
  }
  return body as Record<string, unknown>
}

/**
 * A token field: absent (undefined, null or empty) gives undefined; a string that could not be a
 * bearer token (not text, whitespace or control characters, too long) is INVALID_RESPONSE. The
 * message names the field, never its value.
 */
function checkedToken(
  response: JsonResponse,
  value: unknown,
  what: 'access token' | 'refresh token',
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') {
    throw new InvalidResponseError(`an ${what} that is not text`, detailsOf(response))
  }
  if (Buffer.byteLength(value, 'utf8') > longestPlausibleTokenBytes) {
    throw new InvalidResponseError(`an ${what} that is too long`, detailsOf(response))
  }
  if (!plausibleTokenCharacters.test(value)) {
    throw new InvalidResponseError(
      `an ${what} with spaces, control characters or characters beyond ASCII`,
      detailsOf(response),
    )
  }
  return value
}
