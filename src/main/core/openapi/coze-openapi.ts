import type { SchemaType } from '../../../shared/json-schema'
import type { cozeUserSchema, cozeWorkspaceSchema } from '../../../shared/schemas'
import type { ServerErrorDetails } from '../errors'
import {
  InvalidResponseError,
  InvalidTokenError,
  PermissionDeniedError,
  RateLimitedError,
  RequestRefusedError,
  ServerError,
} from '../errors'
import type { HttpClient, JsonResponse } from '../http/http-client'
import type { RegionEndpoints } from '../regions'

/** As the account record keeps it (one schema; see src/shared/schemas.ts). */
export type CozeUser = SchemaType<typeof cozeUserSchema>

/** `role` is owner, admin, member or a role Coze adds later; `type` personal, team or another. */
export type CozeWorkspace = SchemaType<typeof cozeWorkspaceSchema>

const invalidCredentialCodes = new Set([4100, 700012006])
const rateLimitCodes = new Set([4008, 4009, 4020])
const maximumPageSize = 50
/** A guard against a server that keeps saying "more": no account has this many workspaces. */
const maximumPages = 200

/** The account endpoints of the OpenAPI (`/v1/users/me`, `/v1/workspaces`). */
export class CozeOpenApi {
  constructor(private readonly http: HttpClient) {}

  async getCurrentUser(
    endpoints: RegionEndpoints,
    accessToken: string,
    signal?: AbortSignal,
  ): Promise<CozeUser> {
    const { data, logId } = await this.get(endpoints, '/v1/users/me', accessToken, signal)
    const record = asRecord(data)
    const userId = record.user_id
    if (typeof userId !== 'string' && typeof userId !== 'number') {
      throw new InvalidResponseError('no user in the answer', logId === undefined ? {} : { logId })
    }
    return {
      userId: String(userId),
      userName: stringField(record, 'user_name'),
      nickName: stringField(record, 'nick_name'),
      avatarUrl: stringField(record, 'avatar_url'),
    }
  }

  /** Every workspace the token can see, reading every page. */
  async listAllWorkspaces(
    endpoints: RegionEndpoints,
    accessToken: string,
    signal?: AbortSignal,
  ): Promise<CozeWorkspace[]> {
    const workspaces: CozeWorkspace[] = []
    const seen = new Set<string>()
    for (let page = 1; page <= maximumPages; page += 1) {
      const { data: pageData } = await this.get(
        endpoints,
        `/v1/workspaces?page_num=${page}&page_size=${maximumPageSize}`,
        accessToken,
        signal,
      )
      const data = asRecord(pageData)
      const items = Array.isArray(data.workspaces) ? data.workspaces : []
      for (const item of items) {
        const workspace = toWorkspace(item)
        if (workspace && !seen.has(workspace.id)) {
          seen.add(workspace.id)
          workspaces.push(workspace)
        }
      }
      const total = typeof data.total_count === 'number' ? data.total_count : undefined
      const done = total !== undefined ? workspaces.length >= total : items.length < maximumPageSize
      if (done || items.length === 0) return workspaces
    }
    return workspaces
  }

  private async get(
    endpoints: RegionEndpoints,
    path: string,
    accessToken: string,
    signal?: AbortSignal,
  ): Promise<{ data: unknown; logId?: string }> {
    const response = await this.http.send({
      method: 'GET',
      url: `${endpoints.apiBase}${path}`,
      bearer: accessToken,
      ...(signal ? { signal } : {}),
    })
    const data = unwrapOpenApi(response)
    return response.logId === undefined ? { data } : { data, logId: response.logId }
  }
}

/** `{code, msg, data, detail:{logid}}`: code 0 is success; 4100 a bad token; 4101 a missing permission. */
export function unwrapOpenApi(response: JsonResponse): unknown {
  const record = asRecord(response.body)
  const code = record.code
  const details: ServerErrorDetails = { status: response.status }
  if (response.logId !== undefined) details.logId = response.logId
  if (typeof code === 'number') details.serverCode = String(code)
  if (typeof record.msg === 'string' && record.msg !== '')
    details.serverMessage = record.msg.slice(0, 300)
  if (code === 0 && response.status < 400) return record.data
  if (typeof code === 'number' && invalidCredentialCodes.has(code))
    throw new InvalidTokenError(details)
  if (code === 4101) throw new PermissionDeniedError(details)
  if ((typeof code === 'number' && rateLimitCodes.has(code)) || response.status === 429) {
    throw new RateLimitedError(details)
  }
  if (response.status === 401) throw new InvalidTokenError(details)
  if (response.status >= 500) throw new ServerError(details)
  if (typeof code !== 'number')
    throw new InvalidResponseError('no result code in the answer', details)
  throw new RequestRefusedError(details)
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function stringField(record: Record<string, unknown>, field: string): string {
  const value = record[field]
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function toWorkspace(value: unknown): CozeWorkspace | undefined {
  const record = asRecord(value)
  const id = stringField(record, 'id')
  if (id === '') return undefined
  return {
    id,
    name: stringField(record, 'name'),
    iconUrl: stringField(record, 'icon_url'),
    role: stringField(record, 'role_type'),
    type: stringField(record, 'workspace_type'),
    enterpriseId: stringField(record, 'enterprise_id'),
  }
}
