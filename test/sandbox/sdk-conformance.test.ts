/**
 * The sandbox driven by the official JS SDK (@coze/api 1.3.9), to prove that what the SDK sends is
 * what the sandbox understands and the other way round. Where the SDK and the protocol notes
 * disagree, the sandbox follows the notes and the test pins the SDK's actual behaviour with a
 * comment starting "SDK vs notes".
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  CozeAPI,
  getDeviceCode,
  getDeviceToken,
  getJWTToken,
  getPKCEAuthenticationUrl,
  getPKCEOAuthToken,
  getWebAuthenticationUrl,
  getWebOAuthToken,
  PermissionDeniedError,
  POLL_INTERVAL,
  refreshOAuthToken,
} from '@coze/api'
import axios from 'axios'
import type { InternalAxiosRequestConfig } from 'axios'
import { decodeJwt } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { completeConsent, startSandbox, submitDeviceDecision } from './index'
import type { RecordedRequest, Sandbox, SandboxRegion } from './index'
import { s256 } from './test-support'

interface SeenRequest {
  url: string
  authorization: string | undefined
  data: unknown
}

let sandbox: Sandbox
let com: SandboxRegion
const seen: SeenRequest[] = []
let interceptor: number

/** The SDK talks through the global axios; this is the one place where it can leave 127.0.0.1. */
function guardAxios(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const url = new URL(config.url ?? '', config.baseURL)
  if (url.hostname !== '127.0.0.1') throw new Error(`the SDK tried to reach ${url.origin}`)
  // Proxy variables in the environment must not reroute loopback traffic.
  config.proxy = false
  seen.push({
    url: url.toString(),
    authorization: config.headers.get('authorization')?.toString(),
    data: config.data,
  })
  return config
}

beforeAll(async () => {
  sandbox = await startSandbox()
  com = sandbox.regions.com
  await sandbox.describe()
  interceptor = axios.interceptors.request.use(guardAxios)
})

afterAll(async () => {
  axios.interceptors.request.eject(interceptor)
  await sandbox.stop()
})

afterEach(() => {
  vi.useRealTimers()
  sandbox.faults.clear()
})

const nowSeconds = (): number => Math.floor(sandbox.clock.now() / 1000)

function lastRequest(path: string): RecordedRequest {
  const found = sandbox.requests.filter((r) => r.path === path).at(-1)
  if (!found) throw new Error(`no request to ${path}`)
  return found
}

/** Settles a promise into a value so an expected rejection is never "unhandled" while we wait. */
function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  const result = await settle(promise)
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`)
  if (!(result.error instanceof APIError)) throw result.error
  return result.error
}

/** rawError is typed loosely by the SDK; narrow it for assertions. */
function raw(error: APIError): Record<string, unknown> {
  return (error.rawError ?? {}) as Record<string, unknown>
}

/**
 * Real setImmediate is left alone by the fake timers, so it can wait for the SDK's sleep. The
 * SDK's own sleep gives no event to wait on, so this polls; it counts turns, not time.
 */
async function untilTimerCount(count: number): Promise<void> {
  for (let i = 0; i < 20_000; i += 1) {
    if (vi.getTimerCount() >= count) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('the SDK never scheduled its poll sleep')
}

/**
 * The SDK polls only once its sleep (the one fake timer) has fired: while that timer is still
 * pending, no next poll can have been sent, which needs no waiting to check.
 */
function expectStillSleeping(): void {
  expect(vi.getTimerCount()).toBe(1)
}

describe('PKCE (desktop) flow', () => {
  it('builds an authorize URL the sandbox accepts and exchanges the code with its verifier', async () => {
    const app = com.apps.pkce
    const redirectUrl = app.redirectUris[0] ?? ''
    const { url, codeVerifier } = await getPKCEAuthenticationUrl({
      baseURL: com.apiBase,
      clientId: app.clientId,
      redirectUrl,
      state: 'pkce-state',
    })
    // SDK vs notes: the JS SDK only swaps "https://api" for "https://www", so with any other base
    // the browser URL stays on the API host (the sandbox serves both on one origin).
    expect(url.startsWith(`${com.apiBase}/api/permission/oauth2/authorize?`)).toBe(true)
    const query = new URL(url).searchParams
    expect(query.get('code_challenge_method')).toBe('S256')
    expect(codeVerifier).toMatch(/^[0-9a-f]{64}$/)
    expect(query.get('code_challenge')).toBe(s256(codeVerifier))

    const consent = await completeConsent(url)
    expect(consent.error).toBeNull()
    expect(consent.state).toBe('pkce-state')
    expect(consent.redirectedTo.startsWith(`${redirectUrl}?`)).toBe(true)
    expect(consent.code).toMatch(/^code_/)

    const token = await getPKCEOAuthToken({
      baseURL: com.apiBase,
      clientId: app.clientId,
      redirectUrl,
      code: consent.code ?? '',
      codeVerifier,
    })
    expect(token.access_token).toMatch(/^czu_/)
    expect(token.refresh_token.length).toBeGreaterThanOrEqual(32)
    // Absolute Unix seconds, 15 minutes ahead.
    expect(Math.abs(token.expires_in - (nowSeconds() + 900))).toBeLessThanOrEqual(2)

    const exchange = lastRequest('/api/permission/oauth2/token')
    // The JS SDK always sends "Bearer " with an empty token for public clients: no credential.
    expect(exchange.authorization).toEqual({ scheme: 'Bearer', length: 0 })
    expect(exchange.bodyKeys.sort()).toEqual(
      ['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri'].sort(),
    )
  })

  it("SDK vs notes: asking the SDK for 'plain' still sends an S256 challenge, so the exchange fails", async () => {
    const app = com.apps.pkce
    const redirectUrl = app.redirectUris[0] ?? ''
    const { url, codeVerifier } = await getPKCEAuthenticationUrl({
      baseURL: com.apiBase,
      clientId: app.clientId,
      redirectUrl,
      code_challenge_method: 'plain',
    })
    const query = new URL(url).searchParams
    // The SDK labels the challenge plain but hashes it anyway (notes §3, "Bug").
    expect(query.get('code_challenge_method')).toBe('plain')
    expect(query.get('code_challenge')).toBe(s256(codeVerifier))
    expect(query.get('code_challenge')).not.toBe(codeVerifier)

    const consent = await completeConsent(url)
    const error = await rejection(
      getPKCEOAuthToken({
        baseURL: com.apiBase,
        clientId: app.clientId,
        redirectUrl,
        code: consent.code ?? '',
        codeVerifier,
      }),
    )
    // The sandbox does what the notes say plain means: challenge === verifier.
    expect(error).toBeInstanceOf(BadRequestError)
    expect(raw(error).error_code).toBe('invalid_grant')
  })
})

describe('web (confidential) flow', () => {
  it('exchanges a code with the client secret sent only as a Bearer token', async () => {
    const app = com.apps.web
    const redirectUrl = app.redirectUris[0] ?? ''
    const url = getWebAuthenticationUrl({
      baseURL: com.apiBase,
      clientId: app.clientId,
      redirectUrl,
    })
    // SDK vs notes: with no state the JS SDK still sends an empty "state=" (notes §2 agree).
    expect(new URL(url).searchParams.get('state')).toBe('')
    const consent = await completeConsent(url)
    expect(consent.state).toBe('')

    seen.length = 0
    const token = await getWebOAuthToken({
      baseURL: com.apiBase,
      clientId: app.clientId,
      redirectUrl,
      code: consent.code ?? '',
      clientSecret: app.clientSecret ?? '',
    })
    expect(token.access_token).toMatch(/^czu_/)
    expect(token.expires_in).toBeGreaterThan(nowSeconds())

    const exchange = lastRequest('/api/permission/oauth2/token')
    expect(exchange.authorization).toEqual({
      scheme: 'Bearer',
      length: app.clientSecret?.length ?? -1,
    })
    expect(exchange.bodyKeys).not.toContain('client_secret')
    expect(JSON.stringify(seen.at(-1)?.data)).not.toContain(app.clientSecret ?? '<none>')
  })

  it('refreshes with rotation: the new pair works, the used refresh token is dead', async () => {
    const app = com.apps.web
    const first = sandbox.issueTokensDirectly('com', app.clientId)
    const second = await refreshOAuthToken({
      baseURL: com.apiBase,
      clientId: app.clientId,
      clientSecret: app.clientSecret ?? '',
      refreshToken: first.refresh_token,
    })
    expect(second.access_token).toMatch(/^czu_/)
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(lastRequest('/api/permission/oauth2/token').authorization?.length).toBe(
      app.clientSecret?.length,
    )

    const again = await rejection(
      refreshOAuthToken({
        baseURL: com.apiBase,
        clientId: app.clientId,
        clientSecret: app.clientSecret ?? '',
        refreshToken: first.refresh_token,
      }),
    )
    expect(again).toBeInstanceOf(BadRequestError)
    expect(raw(again)).toMatchObject({ error: 'invalid_grant', error_code: 'invalid_grant' })
    expect(String(raw(again).error_message)).toContain('already been used')

    const me = await new CozeAPI({ token: second.access_token, baseURL: com.apiBase }).users.me()
    expect(me.user_id).toBe(com.users[0]?.userId)
  })

  it('refreshes a PKCE token with an empty Bearer (no secret)', async () => {
    const app = com.apps.pkce
    const first = sandbox.issueTokensDirectly('com', app.clientId)
    const second = await refreshOAuthToken({
      baseURL: com.apiBase,
      clientId: app.clientId,
      refreshToken: first.refresh_token,
    })
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(lastRequest('/api/permission/oauth2/token').authorization).toEqual({
      scheme: 'Bearer',
      length: 0,
    })
  })
})

describe('device flow', () => {
  const app = (): SandboxRegion['apps']['device'] => com.apps.device
  const isPoll = (after: number) => (r: RecordedRequest) =>
    r.seq > after && r.path === '/api/permission/oauth2/token' && r.region === 'com'
  const pollsSince = (after: number): number => sandbox.requests.filter(isPoll(after)).length
  const lastSeq = (): number => sandbox.requests.at(-1)?.seq ?? 0

  it('returns a device code whose expires_in is a duration, not a timestamp', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    expect(code.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/)
    expect(code.verification_uri).toBe(`${com.wwwBase}/oauth/device-activation`)
    expect(code.expires_in).toBe(300)
    expect(code.interval).toBe(5)
    expect(code.device_code.length).toBeGreaterThanOrEqual(32)
    expect(lastRequest('/api/permission/oauth2/device/code').authorization?.length).toBe(0)
  })

  it('a single poll before approval is authorization_pending (HTTP 400, error + error_code)', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    const error = await rejection(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
      }),
    )
    expect(error).toBeInstanceOf(BadRequestError)
    expect(raw(error)).toMatchObject({
      error: 'authorization_pending',
      error_code: 'authorization_pending',
    })
    expect(typeof raw(error).error_description).toBe('string')
    // SDK vs notes: APIError's message is built from code/msg (the /v1 shape), so for an OAuth
    // error it carries only the log id; error_message is reachable only through rawError.
    expect(error.message).not.toContain(String(raw(error).error_message))
    expect(error.message).toContain('logid')
    expect(error.code).toBeUndefined()
    expect(error.logid).toBe(lastRequest('/api/permission/oauth2/token').logId)
  })

  it('polls with a fixed 5 s sleep until the user approves, then gets tokens', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    const before = lastSeq()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const result = settle(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
        poll: true,
      }),
    )
    await sandbox.waitForRequest(isPoll(before), 1)
    await untilTimerCount(1)

    const page = await submitDeviceDecision(code.verification_uri, code.user_code)
    expect(page.result).toBe('approved')

    // SDK vs notes: the SDK sleeps POLL_INTERVAL (5 s) whatever interval the server returned.
    expect(POLL_INTERVAL).toBe(5000)
    await vi.advanceTimersByTimeAsync(4999)
    expectStillSleeping()
    expect(pollsSince(before)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    const outcome = await result
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.value.access_token).toMatch(/^czu_/)
    expect(outcome.value.refresh_token).toBeTruthy()
    expect(outcome.value.expires_in).toBeGreaterThan(nowSeconds())
    expect(pollsSince(before)).toBe(2)
  })

  it('after slow_down the SDK waits 5 s longer (10 s) before polling again', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    sandbox.faults.slowDown('com', 1)
    const before = lastSeq()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const result = settle(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
        poll: true,
      }),
    )
    const first = await sandbox.waitForRequest(isPoll(before), 1)
    expect(first.status).toBe(400)
    await untilTimerCount(1)
    sandbox.approveDevice(code.user_code)

    await vi.advanceTimersByTimeAsync(9999)
    expectStillSleeping()
    expect(pollsSince(before)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    const outcome = await result
    expect(outcome.ok).toBe(true)
    expect(pollsSince(before)).toBe(2)
  })

  it('slow_down as a single poll has the documented body', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    sandbox.faults.slowDown('com', 1)
    const error = await rejection(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
      }),
    )
    expect(raw(error)).toMatchObject({ error: 'slow_down', error_code: 'slow_down' })
  })

  it('access_denied ends polling at once', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    const page = await submitDeviceDecision(code.verification_uri, code.user_code, {
      decision: 'deny',
    })
    expect(page.result).toBe('denied')
    const error = await rejection(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
        poll: true,
      }),
    )
    expect(error).toBeInstanceOf(BadRequestError)
    expect(raw(error)).toMatchObject({ error: 'access_denied', error_code: 'access_denied' })
  })

  it('expired_token once the device code outlives its expires_in', async () => {
    const code = await getDeviceCode({ baseURL: com.apiBase, clientId: app().clientId })
    sandbox.clock.advance(code.expires_in + 1)
    const error = await rejection(
      getDeviceToken({
        baseURL: com.apiBase,
        clientId: app().clientId,
        deviceCode: code.device_code,
        poll: true,
      }),
    )
    expect(raw(error)).toMatchObject({ error: 'expired_token', error_code: 'expired_token' })
  })

  it('SDK vs notes: a pending error sent with HTTP 200 comes back from the SDK as a "token"', async () => {
    // Why the sandbox answers pending-type errors with 400: the JS SDK only looks at `error` when
    // the status is non-2xx (notes §4). A throwaway server shows what a 200 would do.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({ error: 'authorization_pending', error_code: 'authorization_pending' }),
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const token = await getDeviceToken({
        baseURL: `http://127.0.0.1:${port}`,
        clientId: app().clientId,
        deviceCode: 'whatever',
        poll: true,
      })
      expect(token.access_token).toBeUndefined()
      expect((token as unknown as Record<string, unknown>).error).toBe('authorization_pending')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('JWT (service app) flow', () => {
  it('gets a czs_ token from a JWT the SDK signs itself; default duration 900 s', async () => {
    const app = com.apps.jwt
    seen.length = 0
    const token = await getJWTToken({
      baseURL: com.apiBase,
      appId: app.clientId,
      aud: com.audience,
      keyid: app.publicKeyId ?? '',
      privateKey: app.privateKeyPem ?? '',
    })
    expect(token.access_token).toMatch(/^czs_/)
    expect(Math.abs(token.expires_in - (nowSeconds() + 900))).toBeLessThanOrEqual(2)
    expect((token as unknown as Record<string, unknown>).refresh_token).toBeUndefined()

    const request = lastRequest('/api/permission/oauth2/token')
    expect(request.authorization?.scheme).toBe('Bearer')
    expect(request.bodyKeys.sort()).toEqual(['duration_seconds', 'grant_type'])
    const jwt = seen.at(-1)?.authorization?.replace(/^Bearer /, '') ?? ''
    const claims = decodeJwt(jwt)
    expect(claims).toMatchObject({ iss: app.clientId, aud: com.audience })
    expect(claims.jti).toMatch(/^[0-9a-f]{64}$/)
    // SDK vs notes: the SDK's JWT always lives 3600 s, whatever duration_seconds asks for.
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600)
  })

  it('honours duration_seconds and the account variant of the token path', async () => {
    const app = com.apps.jwt
    const bob = com.users[1]?.userId ?? ''
    const token = await getJWTToken({
      baseURL: com.apiBase,
      appId: app.clientId,
      aud: com.audience,
      keyid: app.publicKeyId ?? '',
      privateKey: app.privateKeyPem ?? '',
      durationSeconds: 86399,
      accountId: bob,
    })
    expect(Math.abs(token.expires_in - (nowSeconds() + 86399))).toBeLessThanOrEqual(2)
    expect(lastRequest(`/api/permission/oauth2/account/${bob}/token`).status).toBe(200)
    const me = await new CozeAPI({ token: token.access_token, baseURL: com.apiBase }).users.me()
    expect(me.user_id).toBe(bob)
  })

  it('a JWT token cannot be refreshed', async () => {
    const app = com.apps.jwt
    const token = await getJWTToken({
      baseURL: com.apiBase,
      appId: app.clientId,
      aud: com.audience,
      keyid: app.publicKeyId ?? '',
      privateKey: app.privateKeyPem ?? '',
    })
    const error = await rejection(
      refreshOAuthToken({
        baseURL: com.apiBase,
        clientId: app.clientId,
        refreshToken: token.access_token,
      }),
    )
    expect(error.status).toBe(403)
    expect(raw(error)).toMatchObject({
      error_code: 'access_deny',
      error_message: 'invalid app type',
    })
  })
})

describe('users/me and workspaces', () => {
  it('users.me answers to an OAuth token, a PAT and a SAT', async () => {
    const oauth = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId)
    for (const token of [oauth.access_token, com.pat, com.sat]) {
      const me = await new CozeAPI({ token, baseURL: com.apiBase }).users.me()
      expect(me).toMatchObject({ user_id: com.users[0]?.userId, user_name: 'alice' })
      expect(me.avatar_url.startsWith(com.apiBase)).toBe(true)
    }
  })

  it('lists workspaces page by page, at most 50 a page', async () => {
    const client = new CozeAPI({ token: com.pat, baseURL: com.apiBase })
    const total = com.users[0]?.workspaceCount ?? 0
    expect(total).toBeGreaterThan(60)
    const first = await client.workspaces.list({ page_num: 1, page_size: 50 })
    const second = await client.workspaces.list({ page_num: 2, page_size: 50 })
    expect(first.total_count).toBe(total)
    expect(first.workspaces).toHaveLength(50)
    expect(second.workspaces).toHaveLength(total - 50)
    const ids = new Set([...first.workspaces, ...second.workspaces].map((w) => w.id))
    expect(ids.size).toBe(total)
    expect(first.workspaces[0]).toMatchObject({ workspace_type: 'personal', role_type: 'owner' })

    // SDK vs notes: the SDK's doc comment says the default page size is 10; the notes (from the
    // API doc) say 20, and the sandbox follows the notes. The SDK sends no page_size by itself.
    const byDefault = await client.workspaces.list()
    expect(byDefault.workspaces).toHaveLength(20)

    const error = await rejection(client.workspaces.list({ page_size: 51 }))
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error.code).toBe(4000)
  })

  it('maps a bad token to AuthenticationError 4100 with the log id from detail.logid', async () => {
    const client = new CozeAPI({ token: 'czu_not-a-real-token', baseURL: com.apiBase })
    const error = await rejection(client.users.me())
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error.code).toBe(4100)
    expect(error.logid).toBe(lastRequest('/v1/users/me').logId)
  })

  it('a channel app token cannot list workspaces: PermissionDeniedError 4101', async () => {
    const app = com.apps.channel
    const token = await getJWTToken({
      baseURL: com.apiBase,
      appId: app.clientId,
      aud: com.audience,
      keyid: app.publicKeyId ?? '',
      privateKey: app.privateKeyPem ?? '',
    })
    const client = new CozeAPI({ token: token.access_token, baseURL: com.apiBase })
    const error = await rejection(client.workspaces.list())
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect(error.code).toBe(4101)
  })
})

describe('the guard itself', () => {
  it('saw every SDK request and all of them went to 127.0.0.1', () => {
    expect(seen.length).toBeGreaterThan(0)
    for (const request of seen) expect(new URL(request.url).hostname).toBe('127.0.0.1')
  })
})
