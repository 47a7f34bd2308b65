import type { ServerResponse } from 'node:http'
import type { Route, RouteContext } from './context'
import { sendHtml, sendRedirect } from './http-util'
import {
  consentPage,
  deviceActivationPage,
  deviceResultPage,
  errorPage,
  indexPage,
  placeholderSvg,
} from './pages'
import { avatarPng } from './png'
import { randomAlnum } from './random'
import type { DeviceDecision, PendingAuthorization, RegionState } from './registry'
import { LIFETIMES, normalizeUserCode } from './registry'

/** An authorize-side error. Always an HTML page: we never redirect to a URI we have not vetted. */
class PageFailure extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

export function sendPageFailure(
  res: ServerResponse,
  site: string,
  status: number,
  code: string,
  message: string,
): void {
  sendHtml(res, status, errorPage(site, code, message))
}

async function guarded(ctx: RouteContext, run: () => void | Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    if (!(error instanceof PageFailure)) throw error
    sendPageFailure(ctx.res, ctx.region.site, error.status, error.code, error.message)
  }
}

const badRequest = (what: string): PageFailure =>
  new PageFailure(400, 'invalid_request', `invalid request: ${what}`)

function appendParams(uri: string, params: [string, string][]): string {
  const url = new URL(uri)
  for (const [key, value] of params) url.searchParams.append(key, value)
  return url.toString()
}

function stateParam(pending: { state: string | null }): [string, string][] {
  return pending.state === null ? [] : [['state', pending.state]]
}

function denyRedirect(pending: { redirectUri: string; state: string | null }, why: string): string {
  return appendParams(pending.redirectUri, [
    ['error', 'access_denied'],
    ['error_description', why],
    ...stateParam(pending),
  ])
}

function authorize(ctx: RouteContext): Promise<void> {
  return guarded(ctx, () => {
    const { region } = ctx
    const query = ctx.url.searchParams
    const clientId = query.get('client_id')
    if (!clientId) throw badRequest('client_id')
    const app = region.apps.get(clientId)
    if (!app) throw new PageFailure(400, 'invalid_client', 'invalid client: app not found')
    if (app.clientType !== 'web' && app.clientType !== 'pkce') {
      throw new PageFailure(403, 'access_deny', 'invalid app type')
    }
    const redirectUri = query.get('redirect_uri')
    if (!redirectUri) throw badRequest('redirect_uri')
    if (!app.redirectUris.includes(redirectUri)) {
      throw badRequest('redirect_uri is not registered for this app (it must match exactly)')
    }
    if (query.get('response_type') !== 'code') throw badRequest('response_type must be code')
    const challenge = query.get('code_challenge') || null
    const rawMethod = query.get('code_challenge_method') || null
    let method: PendingAuthorization['method'] = null
    if (challenge !== null) {
      // The PKCE doc names plain as the default method.
      method =
        rawMethod === null
          ? 'plain'
          : rawMethod === 'S256' || rawMethod === 'plain'
            ? rawMethod
            : null
      if (method === null) throw badRequest('code_challenge_method must be S256 or plain')
      if (method === 'S256' && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
        throw badRequest('code_challenge is not a base64url SHA-256 digest')
      }
    } else if (rawMethod !== null) {
      throw badRequest('code_challenge')
    }
    if (app.clientType === 'pkce' && challenge === null) throw badRequest('code_challenge')
    const workspaceId = ctx.params.workspaceId ?? null
    if (workspaceId !== null && !region.workspace(workspaceId)) throw badRequest('workspace_id')
    const pending: PendingAuthorization = {
      key: randomAlnum(32),
      clientId: app.clientId,
      redirectUri,
      state: query.has('state') ? query.get('state') : null,
      workspaceId,
      challenge,
      method,
      expiresAtMs: ctx.runtime.clock.now() + LIFETIMES.consentPage * 1000,
    }
    if (ctx.runtime.faults.takeDenyConsent(region.name)) {
      sendRedirect(ctx.res, denyRedirect(pending, 'The user denied the authorization.'))
      return
    }
    region.pendingAuthorizations.set(pending.key, pending)
    sendRedirect(ctx.res, `${region.wwwBase}/oauth/consent?authorize_key=${pending.key}`)
  })
}

function pendingFor(region: RegionState, key: unknown, nowMs: number): PendingAuthorization {
  const pending = typeof key === 'string' ? region.pendingAuthorizations.get(key) : undefined
  if (!pending || pending.expiresAtMs <= nowMs) {
    throw new PageFailure(
      400,
      'invalid_request',
      'This authorization request has expired or was already answered. Start again from the app.',
    )
  }
  return pending
}

function consentGet(ctx: RouteContext): Promise<void> {
  return guarded(ctx, () => {
    const { region } = ctx
    const pending = pendingFor(
      region,
      ctx.url.searchParams.get('authorize_key'),
      ctx.runtime.clock.now(),
    )
    const app = region.apps.get(pending.clientId)
    if (!app) throw new PageFailure(400, 'invalid_client', 'invalid client: app not found')
    const workspace = pending.workspaceId ? region.workspace(pending.workspaceId) : undefined
    const html = consentPage({
      site: region.site,
      appName: app.name,
      clientId: app.clientId,
      redirectUri: pending.redirectUri,
      workspaceName: workspace ? `${workspace.name} (${workspace.id})` : null,
      authorizeKey: pending.key,
      users: region.users,
    })
    sendHtml(ctx.res, 200, html)
  })
}

function readDecision(value: unknown): 'approve' | 'deny' {
  if (value === 'approve' || value === 'deny') return value
  throw badRequest('decision must be approve or deny')
}

function readUser(region: RegionState, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    const first = region.users[0]
    if (!first) throw new PageFailure(400, 'invalid_request', 'the sandbox has no users')
    return first.userId
  }
  if (typeof value !== 'string' || !region.user(value)) throw badRequest('user_id')
  return value
}

function consentPost(ctx: RouteContext): Promise<void> {
  return guarded(ctx, () => {
    const { region, body } = ctx
    const now = ctx.runtime.clock.now()
    const pending = pendingFor(region, body.authorize_key, now)
    const decision = readDecision(body.decision)
    const userId = readUser(region, body.user_id)
    region.pendingAuthorizations.delete(pending.key)
    if (decision === 'deny') {
      sendRedirect(ctx.res, denyRedirect(pending, 'The user denied the authorization.'))
      return
    }
    if (pending.workspaceId && !region.isMember(userId, pending.workspaceId)) {
      sendRedirect(ctx.res, denyRedirect(pending, 'The user is not a member of the workspace.'))
      return
    }
    const code = region.newCode()
    region.codes.set(code, {
      code,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      userId,
      workspaceId: pending.workspaceId,
      challenge: pending.challenge,
      method: pending.method,
      expiresAtMs: now + LIFETIMES.authorizationCode * 1000,
      used: false,
      revoked: false,
    })
    sendRedirect(
      ctx.res,
      appendParams(pending.redirectUri, [['code', code], ...stateParam(pending)]),
    )
  })
}

function appNameForCode(region: RegionState, userCode: string): string | null {
  const record = region.deviceByUserCode.get(userCode)
  return record ? (region.apps.get(record.clientId)?.name ?? null) : null
}

function deviceGet(ctx: RouteContext): void {
  const { region } = ctx
  const userCode = normalizeUserCode(ctx.url.searchParams.get('user_code') ?? '')
  const appName = userCode ? appNameForCode(region, userCode) : null
  const error =
    userCode && appName === null ? 'That code is not valid. Check it and try again.' : null
  const html = deviceActivationPage({
    site: region.site,
    userCode,
    appName,
    users: region.users,
    error,
  })
  sendHtml(ctx.res, 200, html)
}

const DEVICE_ERRORS: Record<Exclude<DeviceDecision, { ok: true }>['reason'], [number, string]> = {
  'unknown-code': [400, 'That code is not valid. Check it and try again.'],
  expired: [400, 'That code has expired. Start again on your device.'],
  'already-decided': [409, 'That code has already been used.'],
  'unknown-user': [400, 'Unknown user.'],
  'not-a-member': [403, 'You are not a member of the workspace this device asked for.'],
}

function devicePost(ctx: RouteContext): Promise<void> {
  return guarded(ctx, () => {
    const { region, body } = ctx
    const rawCode = typeof body.user_code === 'string' ? body.user_code : ''
    const userCode = normalizeUserCode(rawCode)
    let decision = readDecision(body.decision)
    const userId = readUser(region, body.user_id)
    if (region.deviceByUserCode.has(userCode) && ctx.runtime.faults.takeDenyConsent(region.name)) {
      decision = 'deny'
    }
    const result = region.decideDevice(userCode, decision, userId, ctx.runtime.clock.now())
    if (!result.ok) {
      const [status, message] = DEVICE_ERRORS[result.reason]
      const appName = appNameForCode(region, userCode)
      const html = deviceActivationPage({
        site: region.site,
        userCode,
        appName,
        users: region.users,
        error: message,
      })
      sendHtml(ctx.res, status, html)
      return
    }
    const appName = region.apps.get(result.record.clientId)?.name ?? 'The app'
    sendHtml(ctx.res, 200, deviceResultPage(region.site, decision === 'approve', appName))
  })
}

function home(ctx: RouteContext): void {
  const { region } = ctx
  const apps = Object.values(region.demoApps).map((app) => ({
    type: app.clientType,
    name: app.name,
    clientId: app.clientId,
  }))
  sendHtml(ctx.res, 200, indexPage(region.site, region.apiBase, apps))
}

function placeholder(ctx: RouteContext): void {
  const id = ctx.params.id ?? ''
  const user = ctx.region.user(id)
  const workspace = ctx.region.workspace(id)
  const label = user?.nickName ?? workspace?.name ?? id
  const svg = placeholderSvg(label)
  ctx.res.writeHead(200, {
    'Content-Type': 'image/svg+xml',
    'Content-Length': Buffer.byteLength(svg),
    'Cache-Control': 'max-age=3600',
  })
  ctx.res.end(svg)
}

/** A user's avatar as a real PNG, as Coze's CDN serves it (main turns it into a data: URL). */
function avatar(ctx: RouteContext): void {
  const png = avatarPng(ctx.params.id ?? '')
  ctx.res.writeHead(200, {
    'Content-Type': 'image/png',
    'Content-Length': png.length,
    'Cache-Control': 'max-age=3600',
  })
  ctx.res.end(png)
}

export const browserRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/permission\/oauth2\/authorize$/,
    flavour: 'page',
    body: null,
    handle: authorize,
  },
  {
    method: 'GET',
    pattern: /^\/api\/permission\/oauth2\/workspace_id\/([^/]+)\/authorize$/,
    paramNames: ['workspaceId'],
    flavour: 'page',
    body: null,
    handle: authorize,
  },
  { method: 'GET', pattern: /^\/oauth\/consent$/, flavour: 'page', body: null, handle: consentGet },
  {
    method: 'POST',
    pattern: /^\/oauth\/consent$/,
    flavour: 'page',
    body: 'json-or-form',
    handle: consentPost,
  },
  {
    method: 'GET',
    pattern: /^\/oauth\/device-activation$/,
    flavour: 'page',
    body: null,
    handle: deviceGet,
  },
  {
    method: 'POST',
    pattern: /^\/oauth\/device-activation$/,
    flavour: 'page',
    body: 'json-or-form',
    handle: devicePost,
  },
  { method: 'GET', pattern: /^\/$/, flavour: 'page', body: null, handle: home },
  {
    method: 'GET',
    pattern: /^\/static\/(?:avatar|workspace)\/([0-9A-Za-z_-]{1,64})\.svg$/,
    paramNames: ['id'],
    flavour: 'page',
    body: null,
    handle: placeholder,
  },
  {
    method: 'GET',
    pattern: /^\/static\/avatar\/([0-9A-Za-z_-]{1,64})\.png$/,
    paramNames: ['id'],
    flavour: 'page',
    body: null,
    handle: avatar,
  },
]
