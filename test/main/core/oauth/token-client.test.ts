import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CozeOAuthClient,
  refreshTokenLifetimeMs,
} from '../../../../src/main/core/oauth/token-client'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { plainHttp, sandboxClock, sandboxEndpoints } from '../../../support/core-harness'
import { rejectionOf } from '../../../support/errors'

let sandbox: Sandbox
let oauth: CozeOAuthClient
let com: RegionEndpoints

beforeAll(async () => {
  sandbox = await startSandbox({ frozenClock: true })
  oauth = new CozeOAuthClient(plainHttp(), sandboxClock(sandbox))
  com = sandboxEndpoints(sandbox).resolve('com')
})

afterAll(() => sandbox.stop())

describe('CozeOAuthClient.refresh', () => {
  it('rotates: a new pair with an absolute expiry, and the old refresh token dies', async () => {
    const pkce = sandbox.regions.com.apps.pkce
    const first = sandbox.issueTokensDirectly('com', pkce.clientId)
    const now = sandbox.clock.now()
    const refreshed = await oauth.refresh(com, {
      clientId: pkce.clientId,
      refreshToken: first.refresh_token,
    })
    expect(refreshed.accessToken).toMatch(/^czu_/)
    expect(refreshed.accessToken).not.toBe(first.access_token)
    expect(refreshed.refreshToken).not.toBe(first.refresh_token)
    // expires_in is a Unix time: 15 minutes from the server's now, not 15 minutes × 1000 from 1970.
    expect(refreshed.accessTokenExpiresAt).toBe(now - (now % 1000) + 15 * 60 * 1000)
    expect(refreshed.refreshTokenExpiresAt).toBe(now + refreshTokenLifetimeMs)
    expect(refreshed.logId).toMatch(/\S/)

    const reused = await rejectionOf(
      oauth.refresh(com, { clientId: pkce.clientId, refreshToken: first.refresh_token }),
    )
    expect(reused.code).toBe('REFRESH_TOKEN_DEAD')
    expect(reused.logId).toMatch(/\S/)
    expect(reused.params).toMatchObject({ serverCode: 'invalid_grant' })
  })

  it('sends a web app secret only as Bearer', async () => {
    const web = sandbox.regions.com.apps.web
    const first = sandbox.issueTokensDirectly('com', web.clientId)
    const refreshed = await oauth.refresh(com, {
      clientId: web.clientId,
      refreshToken: first.refresh_token,
      clientSecret: web.clientSecret ?? '',
    })
    expect(refreshed.refreshToken).toBeDefined()
    const request = sandbox.requests.filter((r) => r.path === '/api/permission/oauth2/token').at(-1)
    expect(request?.authorization).toEqual({ scheme: 'Bearer', length: web.clientSecret?.length })
    expect(request?.bodyKeys.sort()).toEqual(['client_id', 'grant_type', 'refresh_token'])
  })

  it('refuses a web refresh with a wrong secret as INVALID_CLIENT, without quoting it', async () => {
    const web = sandbox.regions.com.apps.web
    const first = sandbox.issueTokensDirectly('com', web.clientId)
    const error = await rejectionOf(
      oauth.refresh(com, {
        clientId: web.clientId,
        refreshToken: first.refresh_token,
        clientSecret: 'wrong-secret-x',
      }),
    )
    expect(error.code).toBe('INVALID_CLIENT')
    expect(JSON.stringify({ message: error.message, params: error.params })).not.toContain(
      'wrong-secret-x',
    )
  })

  it('reports a revoked refresh token as REFRESH_TOKEN_DEAD', async () => {
    const device = sandbox.regions.com.apps.device
    const first = sandbox.issueTokensDirectly('com', device.clientId)
    sandbox.revokeRefreshToken(first.refresh_token)
    const error = await rejectionOf(
      oauth.refresh(com, { clientId: device.clientId, refreshToken: first.refresh_token }),
    )
    expect(error.code).toBe('REFRESH_TOKEN_DEAD')
  })

  it('reports a coze.cn refresh token sent to coze.com as dead (the region does not know it)', async () => {
    const cnPkce = sandbox.regions.cn.apps.pkce
    const first = sandbox.issueTokensDirectly('cn', cnPkce.clientId)
    const error = await rejectionOf(
      oauth.refresh(com, { clientId: cnPkce.clientId, refreshToken: first.refresh_token }),
    )
    // coze.com does not know the coze.cn client at all, so it refuses the client before the token.
    expect(error.code).toBe('INVALID_CLIENT')
  })

  it.each([
    ['http500', 'SERVER_ERROR'],
    ['html', 'SERVER_ERROR'],
    ['drop', 'NETWORK'],
  ] as const)(
    'turns the fault %s into %s and keeps the refresh token alive',
    async (kind, code) => {
      const pkce = sandbox.regions.com.apps.pkce
      const first = sandbox.issueTokensDirectly('com', pkce.clientId)
      sandbox.faults.next('com', { kind, path: '/api/permission/oauth2/token' })
      const error = await rejectionOf(
        oauth.refresh(com, { clientId: pkce.clientId, refreshToken: first.refresh_token }),
      )
      expect(error.code).toBe(code)
      const retried = await oauth.refresh(com, {
        clientId: pkce.clientId,
        refreshToken: first.refresh_token,
      })
      expect(retried.accessToken).toMatch(/^czu_/)
    },
  )

  it('turns an HTML page with a 4xx status into INVALID_RESPONSE', async () => {
    const pkce = sandbox.regions.com.apps.pkce
    const first = sandbox.issueTokensDirectly('com', pkce.clientId)
    sandbox.faults.next('com', { kind: 'html', status: 403, path: '/api/permission/oauth2/token' })
    const error = await rejectionOf(
      oauth.refresh(com, { clientId: pkce.clientId, refreshToken: first.refresh_token }),
    )
    expect(error.code).toBe('INVALID_RESPONSE')
  })
})

describe('CozeOAuthClient.requestDeviceCode', () => {
  it('reads expires_in as a duration here and builds the URL with the code', async () => {
    const device = sandbox.regions.com.apps.device
    const now = sandbox.clock.now()
    const grant = await oauth.requestDeviceCode(com, { clientId: device.clientId })
    expect(grant.userCode).toMatch(/\S/)
    expect(grant.expiresAt).toBeGreaterThan(now)
    expect(grant.expiresAt - now).toBeLessThanOrEqual(30 * 60 * 1000)
    expect(grant.verificationUrlWithCode).toBe(
      `${grant.verificationUri}?user_code=${encodeURIComponent(grant.userCode)}`,
    )
    expect(grant.intervalSeconds).toBeGreaterThan(0)
  })

  it('refuses an unknown client as INVALID_CLIENT', async () => {
    const error = await rejectionOf(oauth.requestDeviceCode(com, { clientId: '1234.app.coze' }))
    expect(error.code).toBe('INVALID_CLIENT')
  })
})

describe('refresh errors that mean "sign in again"', () => {
  it.each([
    [400, 'invalid_grant', 'refresh token expired'],
    [400, 'expired_token', 'token expired'],
    [403, 'access_deny', 'login session invalid'],
    [401, 'unknown_thing', ''],
  ])(
    'maps %s %s to REFRESH_TOKEN_DEAD with the server words and log id',
    async (status, code, message) => {
      const { createServer } = await import('node:http')
      const server = createServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-tt-logid': 'log-xyz' })
        res.end(JSON.stringify({ error: code, error_code: code, error_message: message }))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const local = {
        region: 'custom' as const,
        apiBase: `http://127.0.0.1:${port}`,
        webBase: `http://127.0.0.1:${port}`,
        audience: `127.0.0.1:${port}`,
      }
      try {
        const error = await rejectionOf(
          oauth.refresh(local, { clientId: 'c', refreshToken: 'rt-secret-value' }),
        )
        expect(error.code).toBe('REFRESH_TOKEN_DEAD')
        expect(error.logId).toBe('log-xyz')
        expect(JSON.stringify(error.params)).not.toContain('rt-secret-value')
      } finally {
        server.close()
      }
    },
  )
})

describe('public-client requests', () => {
  it('send no Authorization header at all on a PKCE refresh', async () => {
    const pkce = sandbox.regions.com.apps.pkce
    const first = sandbox.issueTokensDirectly('com', pkce.clientId)
    await oauth.refresh(com, { clientId: pkce.clientId, refreshToken: first.refresh_token })
    const request = sandbox.requests.filter((r) => r.path === '/api/permission/oauth2/token').at(-1)
    expect(request?.authorization).toBeNull()
  })
})
