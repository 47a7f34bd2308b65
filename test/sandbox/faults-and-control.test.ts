/**
 * The test-facing controls: fault injection, the clock, revocation and the request log.
 */
import { request } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { completeConsent, httpRequest, startSandbox, submitDeviceDecision } from './index'
import type { Sandbox, SandboxRegion } from './index'
import { authorizeUrl, bearer, DEVICE_GRANT, getJson, postJson, tokenUrl } from './test-support'

let sandbox: Sandbox
let com: SandboxRegion
let cn: SandboxRegion

beforeAll(async () => {
  sandbox = await startSandbox()
  com = sandbox.regions.com
  cn = sandbox.regions.cn
})

afterAll(async () => {
  await sandbox.stop()
})

afterEach(() => {
  sandbox.faults.clear()
})

const me = (region: SandboxRegion, token: string): ReturnType<typeof getJson> =>
  getJson(`${region.apiBase}/v1/users/me`, bearer(token))

async function newDeviceCode(): Promise<{ device_code: string; user_code: string }> {
  const result = await postJson(`${com.apiBase}/api/permission/oauth2/device/code`, {
    client_id: com.apps.device.clientId,
  })
  return result.json as { device_code: string; user_code: string }
}

function poll(deviceCode: string): ReturnType<typeof postJson> {
  return postJson(tokenUrl(com), {
    grant_type: DEVICE_GRANT,
    client_id: com.apps.device.clientId,
    device_code: deviceCode,
  })
}

/** Resolves with the socket error, or rejects if a response came back. */
function expectDropped(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume()
      reject(new Error(`got a response: ${res.statusCode}`))
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    req.end()
  })
}

describe('faults', () => {
  it('http500: the next matching request gets a 500 in the endpoint dialect, then all is normal', async () => {
    sandbox.faults.next('com', { kind: 'http500' })
    const broken = await me(com, com.pat)
    expect(broken.status).toBe(500)
    expect(broken.json).toMatchObject({ code: 5000, msg: 'Service internal error.' })
    expect(broken.headers['x-tt-logid']).toBeTruthy()
    expect((await me(com, com.pat)).status).toBe(200)

    sandbox.faults.next('com', { kind: 'http500', path: '/api/permission/oauth2/token' })
    expect((await me(com, com.pat)).status).toBe(200)
    const oauth = await postJson(tokenUrl(com), { grant_type: 'refresh_token' })
    expect(oauth.status).toBe(500)
    expect(oauth.json).toEqual({
      error: 'internal_error',
      error_code: 'internal_error',
      error_message: 'Service internal error.',
    })
  })

  it('html: an HTML gateway page instead of JSON, status 502 by default', async () => {
    sandbox.faults.next('com', { kind: 'html', path: '/v1/' })
    const response = await httpRequest(`${com.apiBase}/v1/users/me`, { headers: bearer(com.pat) })
    expect(response.status).toBe(502)
    expect(response.headers['content-type']).toContain('text/html')
    expect(response.body).toContain('<html')
    expect(response.headers['x-tt-logid']).toBeTruthy()
    sandbox.faults.next('com', { kind: 'html', status: 503 })
    expect((await httpRequest(`${com.apiBase}/v1/users/me`)).status).toBe(503)
  })

  it('drop: the socket is destroyed without any response', async () => {
    sandbox.faults.next('com', { kind: 'drop', path: '/v1/users/me' })
    const code = await expectDropped(`${com.apiBase}/v1/users/me`)
    expect(['ECONNRESET', 'socket hang up']).toContain(code)
    const logged = await sandbox.waitForRequest((r) => r.fault === 'drop')
    expect(logged.status).toBeNull()
    expect((await me(com, com.pat)).status).toBe(200)
  })

  it('latency: the response is delayed, then normal', async () => {
    // Shown by order, not by a stopwatch: a request sent after the delayed one has started is
    // answered first. The delay is a full second so that no busy machine answers the second
    // request more slowly than that.
    sandbox.faults.next('com', { kind: 'latency', ms: 1_000, path: '/v1/users/me' })
    const before = sandbox.requests.at(-1)?.seq ?? 0
    const answered: string[] = []
    const delayed = me(com, com.pat).then((result) => {
      answered.push('delayed')
      return result
    })
    await sandbox.waitForRequestInProgress(
      (request) => request.seq > before && request.fault === 'latency',
    )
    const other = await getJson(`${com.apiBase}/v1/workspaces`, bearer(com.pat))
    answered.push('other')
    expect(other.status).toBe(200)
    expect((await delayed).status).toBe(200)
    expect(answered).toEqual(['other', 'delayed'])
  })

  it('count, regions, the "all" target and clear()', async () => {
    sandbox.faults.next('cn', { kind: 'http500', count: 2 })
    expect((await me(com, com.pat)).status).toBe(200)
    expect((await me(cn, cn.pat)).status).toBe(500)
    expect((await me(cn, cn.pat)).status).toBe(500)
    expect((await me(cn, cn.pat)).status).toBe(200)

    sandbox.faults.next('all', { kind: 'http500', count: Infinity, path: /^\/v1\// })
    expect((await me(com, com.pat)).status).toBe(500)
    expect((await me(cn, cn.pat)).status).toBe(500)
    sandbox.faults.clear()
    expect((await me(com, com.pat)).status).toBe(200)
  })

  it('slowDown(n): exactly the next n polls answer slow_down', async () => {
    const code = await newDeviceCode()
    sandbox.faults.slowDown('com', 2)
    for (let i = 0; i < 2; i += 1) {
      const result = await poll(code.device_code)
      expect(result.status).toBe(400)
      expect(result.json).toMatchObject({ error: 'slow_down', error_code: 'slow_down' })
      expect(result.json.error_description).toBeTruthy()
    }
    expect((await poll(code.device_code)).json.error).toBe('authorization_pending')
  })

  it('denyConsent: the next authorize comes straight back with error=access_denied', async () => {
    sandbox.faults.denyConsent('com', 1)
    const denied = await completeConsent(authorizeUrl(com, com.apps.web, { state: 's1' }))
    expect(denied.consentPage).toBeNull()
    expect(denied.error).toBe('access_denied')
    expect(denied.state).toBe('s1')
    expect(denied.code).toBeNull()
    const approved = await completeConsent(authorizeUrl(com, com.apps.web))
    expect(approved.code).toMatch(/^code_/)
  })

  it('denyConsent also turns the next device approval into a denial', async () => {
    const code = await newDeviceCode()
    sandbox.faults.denyConsent('com', 1)
    const page = await submitDeviceDecision(com.deviceVerificationUri, code.user_code)
    expect(page.result).toBe('denied')
    expect((await poll(code.device_code)).json.error).toBe('access_denied')
  })
})

describe('consent decisions', () => {
  it('clicking Deny redirects with error=access_denied and the state', async () => {
    const denied = await completeConsent(authorizeUrl(com, com.apps.web, { state: 'xyz' }), {
      decision: 'deny',
    })
    expect(denied.consentPage).toContain('id="deny"')
    expect(denied.error).toBe('access_denied')
    expect(denied.state).toBe('xyz')
    expect(new URL(denied.redirectedTo).origin + new URL(denied.redirectedTo).pathname).toBe(
      com.apps.web.redirectUris[0],
    )
  })

  it('the chosen user is the one the tokens belong to', async () => {
    const bob = com.users[1]
    const consent = await completeConsent(authorizeUrl(com, com.apps.web), { userId: bob?.userId })
    const app = com.apps.web
    const token = await postJson(
      tokenUrl(com),
      {
        grant_type: 'authorization_code',
        client_id: app.clientId,
        redirect_uri: app.redirectUris[0],
        code: consent.code,
      },
      bearer(app.clientSecret ?? ''),
    )
    const who = await me(com, String(token.json.access_token))
    expect((who.json.data as Record<string, unknown>).user_name).toBe('bob')
  })

  it('a consent page can be answered only once', async () => {
    const first = await httpRequest(authorizeUrl(com, com.apps.web))
    const consentUrl = new URL(first.headers.location ?? '', com.wwwBase)
    const key = consentUrl.searchParams.get('authorize_key') ?? ''
    const post = (): ReturnType<typeof httpRequest> =>
      httpRequest(`${com.wwwBase}/oauth/consent`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `authorize_key=${key}&decision=approve`,
      })
    expect((await post()).status).toBe(302)
    expect((await post()).status).toBe(400)
  })
})

describe('the clock', () => {
  it('expires access tokens after 15 minutes', async () => {
    // A second boundary can fall between issuing and reading the clock: bound it on both sides.
    const before = Math.floor(sandbox.clock.now() / 1000)
    const pair = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId)
    expect(pair.expires_in).toBeGreaterThanOrEqual(before + 900)
    expect(pair.expires_in).toBeLessThanOrEqual(Math.floor(sandbox.clock.now() / 1000) + 900)
    sandbox.clock.advance(899)
    expect((await me(com, pair.access_token)).status).toBe(200)
    sandbox.clock.advance(2)
    const expired = await me(com, pair.access_token)
    expect(expired.status).toBe(401)
    expect(expired.json.code).toBe(4100)
    expect((expired.json.detail as Record<string, unknown>).logid).toBe(
      expired.headers['x-tt-logid'],
    )
  })

  it('set() jumps to an absolute time and ticks on from there', async () => {
    const saved = sandbox.clock.now()
    sandbox.clock.set(Date.UTC(2030, 0, 1))
    try {
      const now = sandbox.clock.now()
      expect(now).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1))
      expect(now).toBeLessThan(Date.UTC(2030, 0, 1) + 5000)
      // Years later the 30-day PAT has expired too.
      expect((await me(com, com.pat)).json.code).toBe(4100)
    } finally {
      sandbox.clock.set(saved)
    }
    expect((await me(com, com.pat)).status).toBe(200)
  })

  it('an expired PAT is refused, a valid one works', async () => {
    const expired = com.consoleTokens.find((t) => t.label === 'expired')
    expect(expired?.token).toMatch(/^pat_/)
    expect((await me(com, expired?.token ?? '')).json.code).toBe(4100)
  })

  it('a PAT without listWorkspace gets 4101 on /v1/workspaces', async () => {
    const limited = com.consoleTokens.find((t) => t.label === 'no-workspace-permission')
    const result = await getJson(`${com.apiBase}/v1/workspaces`, bearer(limited?.token ?? ''))
    expect(result.status).toBe(403)
    expect(result.json.code).toBe(4101)
  })
})

describe('revocation', () => {
  const refresh = (clientId: string, token: string): ReturnType<typeof postJson> =>
    postJson(tokenUrl(com), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: token,
    })

  it('revokeRefreshToken kills that refresh token only', async () => {
    const app = com.apps.pkce.clientId
    const pair = sandbox.issueTokensDirectly('com', app)
    sandbox.revokeRefreshToken(pair.refresh_token)
    const result = await refresh(app, pair.refresh_token)
    expect(result.json.error_code).toBe('invalid_grant')
    expect(result.json.error_message).toContain('revoked')
    expect((await me(com, pair.access_token)).status).toBe(200)
    expect(() => sandbox.revokeRefreshToken('nope')).toThrow()
  })

  it('revokeAppAuthorization kills every token of the app for one user, or for all', async () => {
    const app = com.apps.device.clientId
    const alice = com.users[0]?.userId ?? ''
    const bob = com.users[1]?.userId ?? ''
    const a = sandbox.issueTokensDirectly('com', app, { userId: alice })
    const b = sandbox.issueTokensDirectly('com', app, { userId: bob })
    const other = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId, { userId: alice })

    sandbox.revokeAppAuthorization('com', app, alice)
    expect((await me(com, a.access_token)).json.code).toBe(4100)
    expect((await refresh(app, a.refresh_token)).json.error_code).toBe('invalid_grant')
    expect((await me(com, b.access_token)).status).toBe(200)
    expect((await me(com, other.access_token)).status).toBe(200)

    sandbox.revokeAppAuthorization('com', app)
    expect((await me(com, b.access_token)).json.code).toBe(4100)
    expect((await refresh(app, b.refresh_token)).json.error_code).toBe('invalid_grant')
  })

  it('revoking an app also voids its unused codes', async () => {
    const consent = await completeConsent(authorizeUrl(com, com.apps.web))
    sandbox.revokeAppAuthorization('com', com.apps.web.clientId)
    const app = com.apps.web
    const result = await postJson(
      tokenUrl(com),
      {
        grant_type: 'authorization_code',
        client_id: app.clientId,
        redirect_uri: app.redirectUris[0],
        code: consent.code,
      },
      bearer(app.clientSecret ?? ''),
    )
    expect(result.json.error_code).toBe('invalid_grant')
  })
})

describe('request log', () => {
  it('records method, path, region, redacted Authorization and body keys only', async () => {
    const secret = com.apps.web.clientSecret ?? ''
    const before = sandbox.requests.at(-1)?.seq ?? 0
    await postJson(
      tokenUrl(com),
      {
        grant_type: 'authorization_code',
        client_id: com.apps.web.clientId,
        code: 'code_x',
        redirect_uri: 'http://x',
      },
      bearer(secret),
    )
    const logged = await sandbox.waitForRequest(
      (r) => r.seq > before && r.path === '/api/permission/oauth2/token',
    )
    expect(logged).toMatchObject({ method: 'POST', region: 'com', status: 400 })
    expect(logged.bodyKeys).toEqual(['grant_type', 'client_id', 'code', 'redirect_uri'])
    expect(logged.authorization).toEqual({ scheme: 'Bearer', length: secret.length })
    expect(logged.headers.authorization).toBe(`Bearer [redacted:${secret.length}]`)
    expect(JSON.stringify(sandbox.requests)).not.toContain(secret)
  })

  it('registerRedirectUri lets a test use its own loopback port', async () => {
    const uri = 'http://127.0.0.1:50999/cb'
    expect(
      (await httpRequest(authorizeUrl(com, { ...com.apps.web, redirectUris: [uri] }))).status,
    ).toBe(400)
    sandbox.registerRedirectUri('com', com.apps.web.clientId, uri)
    const consent = await completeConsent(
      authorizeUrl(com, { ...com.apps.web, redirectUris: [uri] }),
    )
    expect(consent.redirectedTo.startsWith(`${uri}?code=code_`)).toBe(true)
    expect(com.apps.web.redirectUris).toContain(uri)
  })
})
