import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import {
  checkPastedToken,
  checkPastedTokenExpiry,
  classifyToken,
  normalisePastedToken,
} from '../../../../src/main/core/oauth/pasted-token'
import { CozeOpenApi } from '../../../../src/main/core/openapi/coze-openapi'
import type { EndpointResolver } from '../../../../src/main/core/regions'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { plainHttp, sandboxEndpoints } from '../../../support/core-harness'

describe('classifyToken', () => {
  it.each([
    ['pat_abc', 'pat'],
    ['sat_abc', 'sat'],
    ['czu_abc', 'oauth-user'],
    ['czs_abc', 'oauth-app'],
    ['abc', 'unknown'],
  ])('%s is %s', (token, kind) => {
    expect(classifyToken(token)).toBe(kind)
  })
})

describe('normalisePastedToken', () => {
  const token = 'pat_0123456789abcdefABCDEF'
  it.each([
    [token],
    [`  ${token}\n`],
    [`"${token}"`],
    [`Bearer ${token}`],
    [`Authorization: Bearer ${token}`],
    [`export COZE_API_TOKEN=${token}`],
    [`COZE_API_TOKEN='${token}'`],
  ])('cleans %j', (raw) => {
    expect(normalisePastedToken(raw)).toBe(token)
  })

  it.each([
    ['', 'token-empty'],
    ['   ', 'token-empty'],
    ['pat_abc def 0123456789', 'token-has-spaces'],
    ['short', 'token-not-coze'],
    [`pat_${'a'.repeat(4100)}`, 'token-not-coze'],
    ['pat_令牌令牌令牌令牌令牌令牌令牌', 'token-bad-characters'],
  ])('refuses %j with a message that says what to do, and the reason %s', (raw, reason) => {
    expect(() => normalisePastedToken(raw)).toThrow(AppError)
    expect(() => normalisePastedToken(raw)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', params: { reason } }),
    )
  })
})

describe('checkPastedTokenExpiry', () => {
  const now = 1_800_000_000_000
  it('accepts no expiry and one still ahead', () => {
    expect(() => checkPastedTokenExpiry(undefined, now)).not.toThrow()
    expect(() => checkPastedTokenExpiry(now + 1, now)).not.toThrow()
  })

  it.each([now, now - 86_400_000])('refuses %d, a moment already past', (expiresAt) => {
    expect(() => checkPastedTokenExpiry(expiresAt, now)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        params: { reason: 'token-expiry-past' },
      }),
    )
  })
})

describe('checkPastedToken against the sandbox', () => {
  let sandbox: Sandbox
  let endpoints: EndpointResolver
  const api = new CozeOpenApi(plainHttp())

  beforeAll(async () => {
    sandbox = await startSandbox()
    endpoints = sandboxEndpoints(sandbox)
  })
  afterAll(() => sandbox.stop())

  const check = (region: 'com' | 'cn', token: string): ReturnType<typeof checkPastedToken> => {
    const chosen = endpoints.resolve(region)
    return checkPastedToken(api, chosen, endpoints.alternatives(chosen), token)
  }

  it('accepts a PAT with its user and every workspace', async () => {
    const result = await check('com', sandbox.regions.com.pat)
    expect(result).toMatchObject({
      kind: 'pat',
      method: 'pat',
      limited: false,
      user: { userName: 'alice' },
    })
    expect(result.workspaces).toHaveLength(65)
  })

  it('accepts a SAT as a service token', async () => {
    const result = await check('cn', sandbox.regions.cn.sat)
    expect(result).toMatchObject({ kind: 'sat', method: 'sat', user: { nickName: '张三' } })
  })

  it('says a coze.cn token belongs to coze.cn when pasted for coze.com', async () => {
    const error = await check('com', sandbox.regions.cn.pat).then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    )
    expect(error?.code).toBe('WRONG_REGION')
    expect(error?.message).toBe(
      'This belongs to coze.cn, not coze.com. Switch the region to coze.cn and try again.',
    )
    expect(error?.params).toMatchObject({ actualRegion: 'cn', chosenRegion: 'com' })
  })

  it('says a coze.com token belongs to coze.com when pasted for coze.cn', async () => {
    const error = await check('cn', sandbox.regions.com.sat).then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    )
    expect(error?.params).toMatchObject({ actualRegion: 'com', chosenRegion: 'cn' })
  })

  it('calls a token that no region knows invalid, not wrong-region', async () => {
    const error = await check('com', 'pat_doesnotexist000000000000000000').then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    )
    expect(error?.code).toBe('INVALID_TOKEN')
  })

  it('keeps a token that may read the user but not the workspaces, marked limited', async () => {
    const narrow = sandbox.regions.com.consoleTokens.find(
      (t) => t.label === 'no-workspace-permission',
    )
    const result = await check('com', narrow?.token ?? '')
    expect(result.limited).toBe(true)
    expect(result.workspaces).toBeUndefined()
  })
})
