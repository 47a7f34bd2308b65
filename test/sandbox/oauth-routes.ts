import { createHash, timingSafeEqual } from 'node:crypto'
import type { Route, RouteContext } from './context'
import { bearerToken, sendJson } from './http-util'
import { verifyAppJwt } from './jwt-verify'
import {
  invalidAppType,
  invalidClient,
  invalidGrant,
  invalidRequest,
  OAuthFailure,
} from './oauth-errors'
import type { AppRecord, RegionState } from './registry'
import { LIFETIMES } from './registry'
import type { ClientType } from './types'

export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code'
export const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/** A string field; absent and null read as null, anything else that is not a string is refused. */
function optionalString(body: Record<string, unknown>, name: string): string | null {
  const value = body[name]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw invalidRequest(name)
  return value
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = optionalString(body, name)
  if (value === null || value === '') throw invalidRequest(name)
  return value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function findApp(region: RegionState, clientId: string): AppRecord {
  const app = region.apps.get(clientId)
  // The same answer whether the id is garbage or belongs to the other region: a coze.cn app is
  // simply unknown to coze.com.
  if (!app) throw invalidClient('invalid client: app not found')
  return app
}

function requireType(app: AppRecord, allowed: ClientType[]): void {
  if (!allowed.includes(app.clientType)) throw invalidAppType()
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Web apps authenticate with the secret as a Bearer token; the body is never looked at. */
function checkClientSecret(ctx: RouteContext, app: AppRecord): void {
  if (app.clientType !== 'web') return
  const given = bearerToken(ctx.req.headers.authorization)
  if (given === null) throw invalidClient('invalid client: client secret is required')
  if (!app.secrets.some((secret) => sameSecret(given, secret))) {
    throw invalidClient('invalid client: client secret is wrong')
  }
}

function checkAccount(ctx: RouteContext, userId: string): void {
  const accountId = ctx.params.accountId
  if (accountId !== undefined && accountId !== userId) throw invalidRequest('account_id')
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

function codeGrant(ctx: RouteContext): void {
  const { body, region } = ctx
  const now = ctx.runtime.clock.now()
  const clientId = requiredString(body, 'client_id')
  if (ctx.runtime.codeGrantOrder === 'code-first') {
    // The other possible server: the code is looked up before the client is.
    const early = region.codes.get(requiredString(body, 'code'))
    if (early?.clientId !== clientId) throw invalidGrant('invalid grant: code not found')
  }
  const app = findApp(region, clientId)
  requireType(app, ['web', 'pkce'])
  checkClientSecret(ctx, app)
  const code = requiredString(body, 'code')
  const redirectUri = requiredString(body, 'redirect_uri')
  const verifier = optionalString(body, 'code_verifier')
  const record = region.codes.get(code)
  if (!record || record.clientId !== app.clientId)
    throw invalidGrant('invalid grant: code not found')
  if (record.used) throw invalidGrant('invalid grant: code has already been used')
  if (record.revoked) throw invalidGrant('invalid grant: authorization was revoked')
  if (record.expiresAtMs <= now) throw invalidGrant('invalid grant: code has expired')
  if (record.redirectUri !== redirectUri || !app.redirectUris.includes(redirectUri)) {
    throw invalidGrant('invalid grant: redirect_uri does not match the authorize request')
  }
  if (record.challenge !== null) {
    if (verifier === null || verifier === '') throw invalidRequest('code_verifier')
    const derived = record.method === 'S256' ? s256(verifier) : verifier
    if (!sameSecret(derived, record.challenge)) {
      throw invalidGrant('invalid grant: code_verifier does not match code_challenge')
    }
  }
  checkAccount(ctx, record.userId)
  // Burnt only on success: a client that fumbled its verifier or secret may retry.
  record.used = true
  sendJson(ctx.res, 200, region.issueUserTokens(app, record.userId, record.workspaceId, now))
}

function refreshGrant(ctx: RouteContext): void {
  const { body, region } = ctx
  const now = ctx.runtime.clock.now()
  const app = findApp(region, requiredString(body, 'client_id'))
  // JWT and channel apps never get refresh tokens: they sign a new JWT instead.
  requireType(app, ['web', 'pkce', 'device'])
  checkClientSecret(ctx, app)
  const value = requiredString(body, 'refresh_token')
  const record = region.tokens.get(value)
  if (!record || record.kind !== 'refresh' || record.clientId !== app.clientId) {
    throw invalidGrant('invalid grant: refresh token not found')
  }
  if (record.revoked === 'rotated') {
    throw invalidGrant('invalid grant: refresh token has already been used')
  }
  if (record.revoked === 'revoked') throw invalidGrant('invalid grant: refresh token was revoked')
  if (record.expiresAtMs !== null && record.expiresAtMs <= now) {
    throw invalidGrant('invalid grant: refresh token has expired')
  }
  checkAccount(ctx, record.userId)
  record.revoked = 'rotated'
  sendJson(ctx.res, 200, region.issueUserTokens(app, record.userId, record.workspaceId, now))
}

const deviceError = (code: string, message: string): OAuthFailure =>
  new OAuthFailure(400, code, message, true)

function deviceGrant(ctx: RouteContext): void {
  const { body, region } = ctx
  const now = ctx.runtime.clock.now()
  const app = findApp(region, requiredString(body, 'client_id'))
  requireType(app, ['device'])
  const record = region.deviceCodes.get(requiredString(body, 'device_code'))
  if (!record || record.clientId !== app.clientId) {
    throw invalidGrant('invalid grant: device code not found', true)
  }
  if (record.status === 'consumed') {
    throw invalidGrant('invalid grant: device code has already been used', true)
  }
  if (record.expiresAtMs <= now) throw deviceError('expired_token', 'The device code has expired.')
  if (ctx.runtime.faults.takeSlowDown(region.name)) {
    throw deviceError('slow_down', 'Polling too fast, slow down.')
  }
  if (record.status === 'pending') {
    throw deviceError('authorization_pending', 'The user has not finished the authorization.')
  }
  if (record.status === 'denied' || record.userId === null) {
    throw deviceError('access_denied', 'The user denied the authorization.')
  }
  checkAccount(ctx, record.userId)
  record.status = 'consumed'
  sendJson(ctx.res, 200, region.issueUserTokens(app, record.userId, record.workspaceId, now))
}

function jwtDuration(body: Record<string, unknown>): number {
  const value = body.duration_seconds
  if (value === undefined || value === null) return LIFETIMES.jwtDefaultDuration
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > LIFETIMES.jwtMaxDuration
  ) {
    throw invalidRequest(
      `duration_seconds must be an integer from 1 to ${LIFETIMES.jwtMaxDuration}`,
    )
  }
  return value
}

/** A scope narrows the app's permissions; without one the token has all of them. */
function jwtPermissions(app: AppRecord, scope: unknown): ReadonlySet<string> | null {
  if (scope === undefined || scope === null) return app.permissions
  if (!isRecord(scope)) throw invalidRequest('scope')
  const account = scope.account_permission
  if (account === undefined || account === null) return app.permissions
  if (!isRecord(account)) throw invalidRequest('scope.account_permission')
  const list = account.permission_list
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    throw invalidRequest('scope.account_permission.permission_list')
  }
  const wanted = list as string[]
  return new Set(app.permissions ? wanted.filter((p) => app.permissions?.has(p)) : wanted)
}

async function jwtGrant(ctx: RouteContext): Promise<void> {
  const { body, region } = ctx
  // The body is checked before the JWT so that a bad body does not burn the JWT's jti.
  const duration = jwtDuration(body)
  const bodyClientId = optionalString(body, 'client_id')
  const token = bearerToken(ctx.req.headers.authorization)
  if (token === null) {
    throw invalidClient('invalid client: a signed JWT is required as the Bearer token')
  }
  const verdict = await verifyAppJwt(token, region, ctx.runtime.clock.now())
  if (!verdict.ok) throw invalidClient(verdict.message)
  const app = verdict.jwt.app
  requireType(app, ['jwt', 'channel'])
  // Go always sends client_id; when present it has to agree with the JWT.
  if (bodyClientId !== null && bodyClientId !== '' && bodyClientId !== app.clientId) {
    throw invalidClient('invalid client: client_id does not match the JWT iss')
  }
  const permissions = jwtPermissions(app, body.scope)
  const accountId = ctx.params.accountId
  let userId = app.ownerUserId
  if (accountId !== undefined) {
    if (!region.user(accountId)) throw invalidRequest('account_id')
    userId = accountId
  }
  if (userId === null) throw invalidAppType()
  const now = ctx.runtime.clock.now()
  sendJson(ctx.res, 200, region.issueAppToken(app, userId, duration, permissions, now))
}

async function tokenEndpoint(ctx: RouteContext): Promise<void> {
  const grant = requiredString(ctx.body, 'grant_type')
  switch (grant) {
    case 'authorization_code':
      codeGrant(ctx)
      return
    case 'refresh_token':
      refreshGrant(ctx)
      return
    case GRANT_DEVICE_CODE:
      deviceGrant(ctx)
      return
    case GRANT_JWT_BEARER:
      await jwtGrant(ctx)
      return
    default:
      throw new OAuthFailure(400, 'unsupported_grant_type', `not supported grant type: ${grant}`)
  }
}

function deviceCodeEndpoint(ctx: RouteContext): void {
  const { body, region } = ctx
  const app = findApp(region, requiredString(body, 'client_id'))
  requireType(app, ['device'])
  const workspaceId = ctx.params.workspaceId ?? null
  if (workspaceId !== null && !region.workspace(workspaceId)) throw invalidRequest('workspace_id')
  const record = region.newDevice(app.clientId, workspaceId, ctx.runtime.clock.now())
  sendJson(ctx.res, 200, {
    device_code: record.deviceCode,
    user_code: record.userCode,
    verification_uri: region.deviceVerificationUri,
    // A duration here, unlike every token response.
    expires_in: LIFETIMES.deviceCode,
    interval: LIFETIMES.devicePollInterval,
  })
}

export const oauthRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/api\/permission\/oauth2\/token$/,
    flavour: 'oauth',
    body: 'json',
    handle: tokenEndpoint,
  },
  {
    method: 'POST',
    pattern: /^\/api\/permission\/oauth2\/account\/([^/]+)\/token$/,
    paramNames: ['accountId'],
    flavour: 'oauth',
    body: 'json',
    handle: tokenEndpoint,
  },
  {
    method: 'POST',
    pattern: /^\/api\/permission\/oauth2\/device\/code$/,
    flavour: 'oauth',
    body: 'json',
    handle: deviceCodeEndpoint,
  },
  {
    method: 'POST',
    pattern: /^\/api\/permission\/oauth2\/workspace_id\/([^/]+)\/device\/code$/,
    paramNames: ['workspaceId'],
    flavour: 'oauth',
    body: 'json',
    handle: deviceCodeEndpoint,
  },
]
