import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppError } from '../../../../src/main/core/errors'
import { CozeOpenApi } from '../../../../src/main/core/openapi/coze-openapi'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { plainHttp, sandboxEndpoints } from '../../../support/core-harness'

let sandbox: Sandbox
let api: CozeOpenApi
let com: RegionEndpoints
let cn: RegionEndpoints

beforeAll(async () => {
  sandbox = await startSandbox()
  api = new CozeOpenApi(plainHttp())
  const endpoints = sandboxEndpoints(sandbox)
  com = endpoints.resolve('com')
  cn = endpoints.resolve('cn')
})

afterAll(() => sandbox.stop())

describe('CozeOpenApi', () => {
  it('reads the current user of a PAT', async () => {
    const user = await api.getCurrentUser(com, sandbox.regions.com.pat)
    expect(user).toMatchObject({
      userId: '7401000000000000001',
      userName: 'alice',
      nickName: 'Alice Example',
    })
  })

  it('reads every page of workspaces (64 team + 1 personal, pages of 50)', async () => {
    const workspaces = await api.listAllWorkspaces(com, sandbox.regions.com.pat)
    expect(workspaces).toHaveLength(65)
    expect(new Set(workspaces.map((w) => w.id)).size).toBe(65)
    expect(workspaces.filter((w) => w.type === 'personal')).toHaveLength(1)
    const pages = sandbox.requests.filter((r) => r.path === '/v1/workspaces')
    expect(pages.map((r) => r.query.page_num)).toEqual(['1', '2'])
    expect(pages.every((r) => r.query.page_size === '50')).toBe(true)
  })

  it('answers an OAuth user token too', async () => {
    const tokens = sandbox.issueTokensDirectly('cn', sandbox.regions.cn.apps.pkce.clientId)
    const user = await api.getCurrentUser(cn, tokens.access_token)
    expect(user.nickName).toBe('张三')
  })

  it.each([
    [
      'an expired PAT',
      (s: Sandbox) => s.regions.com.consoleTokens.find((t) => t.label === 'expired')?.token ?? '',
    ],
    ['a made-up token', () => 'pat_nonexistent0000000000000000000000'],
    ['a coze.cn PAT on coze.com', (s: Sandbox) => s.regions.cn.pat],
  ])('refuses %s as INVALID_TOKEN with the log id', async (_name, pick) => {
    const error = await api.getCurrentUser(com, pick(sandbox)).then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    )
    expect(error?.code).toBe('INVALID_TOKEN')
    expect(error?.logId).toMatch(/\S/)
    expect(error?.params).toMatchObject({ serverCode: '4100' })
  })

  it('reports a missing permission as PERMISSION_DENIED, not as a bad token', async () => {
    const narrow = sandbox.regions.com.consoleTokens.find(
      (t) => t.label === 'no-workspace-permission',
    )
    const error = await api.listAllWorkspaces(com, narrow?.token ?? '').then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    )
    expect(error?.code).toBe('PERMISSION_DENIED')
    expect(error?.message).toContain('listWorkspace')
  })
})
