import type { ServerResponse } from 'node:http'
import type { Route, RouteContext } from './context'
import { bearerToken, sendJson } from './http-util'
import { PERMISSION_LIST_WORKSPACE } from './fixture'
import type { TokenLookup, TokenRecord } from './registry'

export const CODE_BAD_REQUEST = 4000
export const CODE_INVALID_TOKEN = 4100
export const CODE_NO_PERMISSION = 4101
export const CODE_NOT_FOUND = 4200
export const CODE_INTERNAL = 5000

const STATUS_FOR_CODE: Record<number, number> = {
  [CODE_BAD_REQUEST]: 400,
  [CODE_INVALID_TOKEN]: 401,
  [CODE_NO_PERMISSION]: 403,
  [CODE_NOT_FOUND]: 404,
  [CODE_INTERNAL]: 500,
}

export function sendOpenApiError(
  res: ServerResponse,
  code: number,
  msg: string,
  logId: string,
  status = STATUS_FOR_CODE[code] ?? 400,
): void {
  sendJson(res, status, { code, msg, detail: { logid: logId } })
}

function sendData(ctx: RouteContext, data: unknown): void {
  sendJson(ctx.res, 200, { code: 0, msg: '', data, detail: { logid: ctx.logId } })
}

const INVALID_TOKEN_MESSAGES: Record<Exclude<TokenLookup, { ok: true }>['reason'], string> = {
  missing: 'authentication is invalid: no access token was sent',
  unknown: 'authentication is invalid: access token invalid',
  expired: 'authentication is invalid: access token expired',
  revoked: 'authentication is invalid: access token revoked',
  'not-an-access-token': 'authentication is invalid: access token invalid',
}

function authenticate(ctx: RouteContext): TokenRecord | null {
  const token = bearerToken(ctx.req.headers.authorization)
  const lookup = ctx.region.lookupAccessToken(token, ctx.runtime.clock.now())
  if (lookup.ok) return lookup.record
  sendOpenApiError(ctx.res, CODE_INVALID_TOKEN, INVALID_TOKEN_MESSAGES[lookup.reason], ctx.logId)
  return null
}

function usersMe(ctx: RouteContext): void {
  const record = authenticate(ctx)
  if (!record) return
  const user = ctx.region.user(record.userId)
  if (!user) {
    sendOpenApiError(ctx.res, CODE_NOT_FOUND, 'user not found', ctx.logId)
    return
  }
  sendData(ctx, {
    user_id: user.userId,
    user_name: user.userName,
    nick_name: user.nickName,
    avatar_url: ctx.region.avatarUrl(user.userId),
  })
}

/** A positive integer query parameter, or null when it is present but unusable. */
function intParam(query: URLSearchParams, name: string, fallback: number): number | null {
  const raw = query.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d{1,9}$/.test(raw)) return null
  const value = Number(raw)
  return value >= 1 ? value : null
}

export const WORKSPACES_DEFAULT_PAGE_SIZE = 20
export const WORKSPACES_MAX_PAGE_SIZE = 50

function workspaces(ctx: RouteContext): void {
  const record = authenticate(ctx)
  if (!record) return
  const { region } = ctx
  if (!region.canListWorkspaces(record)) {
    sendOpenApiError(
      ctx.res,
      CODE_NO_PERMISSION,
      `the token lacks the permission ${PERMISSION_LIST_WORKSPACE}`,
      ctx.logId,
    )
    return
  }
  const query = ctx.url.searchParams
  const pageNum = intParam(query, 'page_num', 1)
  const pageSize = intParam(query, 'page_size', WORKSPACES_DEFAULT_PAGE_SIZE)
  if (pageNum === null) {
    sendOpenApiError(ctx.res, CODE_BAD_REQUEST, 'invalid parameter: page_num', ctx.logId)
    return
  }
  if (pageSize === null || pageSize > WORKSPACES_MAX_PAGE_SIZE) {
    sendOpenApiError(
      ctx.res,
      CODE_BAD_REQUEST,
      `invalid parameter: page_size must be 1 to ${WORKSPACES_MAX_PAGE_SIZE}`,
      ctx.logId,
    )
    return
  }
  let memberships = region.membershipsOf(record.userId)
  if (record.workspaceId !== null) {
    memberships = memberships.filter((m) => m.workspace.id === record.workspaceId)
  }
  const start = (pageNum - 1) * pageSize
  const page = memberships.slice(start, start + pageSize).map(({ workspace, role }) => ({
    id: workspace.id,
    name: workspace.name,
    icon_url: region.iconUrl(workspace.id),
    role_type: role,
    workspace_type: workspace.workspaceType,
    enterprise_id: workspace.enterpriseId,
    owner_uid: workspace.ownerUid,
    admin_uids: workspace.adminUids,
    description: workspace.description,
    joined_status: 'joined',
  }))
  sendData(ctx, { total_count: memberships.length, workspaces: page })
}

export const openApiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/users\/me$/, flavour: 'openapi', body: null, handle: usersMe },
  {
    method: 'GET',
    pattern: /^\/v1\/workspaces$/,
    flavour: 'openapi',
    body: null,
    handle: workspaces,
  },
]
