import { generateKeyPairSync } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  CancelledError,
  InvalidArgumentError,
  InvalidClientError,
  InvalidPemError,
} from '../../../../src/main/core/errors'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import {
  buildAppJwtClaims,
  checkTokenDurationSeconds,
  defaultTokenDurationSeconds,
  jtiPlaceholder,
  maximumTokenDurationSeconds,
  previewJwtSignIn,
  refreshWithJwt,
  signAppJwt,
  signInWithJwt,
} from '../../../../src/main/core/oauth/jwt-flow'
import type {
  JwtFlowDependencies,
  JwtSignInRequest,
} from '../../../../src/main/core/oauth/jwt-flow'
import { CozeOAuthClient } from '../../../../src/main/core/oauth/token-client'
import type { Clock, FetchLike } from '../../../../src/main/core/ports'
import { systemClock } from '../../../../src/main/core/ports'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import { resolveEndpoints } from '../../../../src/main/core/regions'
import { startSandbox } from '../../../sandbox/index'
import type { AppDescription, Sandbox, SandboxDescription } from '../../../sandbox/index'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

const clientId = '48213570192837465012345678903456.app.coze'
const keyId = 'f3b1c2d4e5a6978812345678'
const audience = 'api.coze.com'
// A whole second, so that iat is exact.
const now = Date.UTC(2026, 3, 1, 12, 0, 0)

const comEndpoints: RegionEndpoints = resolveEndpoints('com')

describe('buildAppJwtClaims', () => {
  it('builds exactly the documented claims', () => {
    expect(buildAppJwtClaims({ clientId, audience, now: now + 999, jti: 'j' })).toEqual({
      iss: clientId,
      aud: audience,
      iat: now / 1000,
      exp: now / 1000 + 600,
      jti: 'j',
    })
  })

  it('adds session_name and uses the lifetime given', () => {
    expect(
      buildAppJwtClaims({
        clientId,
        audience,
        now,
        jti: 'j',
        sessionName: 'user-42',
        jwtLifetimeSeconds: 120,
      }),
    ).toEqual({
      iss: clientId,
      aud: audience,
      iat: now / 1000,
      exp: now / 1000 + 120,
      jti: 'j',
      session_name: 'user-42',
    })
  })

  it('leaves an empty session name out', () => {
    expect(
      buildAppJwtClaims({ clientId, audience, now, jti: 'j', sessionName: '' }),
    ).not.toHaveProperty('session_name')
  })

  it('trims a pasted client ID', () => {
    expect(buildAppJwtClaims({ clientId: ` ${clientId}\n`, audience, now, jti: 'j' }).iss).toBe(
      clientId,
    )
  })

  it.each([0, -1, 1.5, 3601, Number.NaN])('refuses a JWT lifetime of %s', (lifetime) => {
    expect(() =>
      buildAppJwtClaims({ clientId, audience, now, jti: 'j', jwtLifetimeSeconds: lifetime }),
    ).toThrow(InvalidArgumentError)
  })

  it.each([
    ['client ID', { clientId: '  ', audience }],
    ['audience', { clientId, audience: '' }],
  ])('refuses an empty %s', (_what, ids) => {
    expect(() => buildAppJwtClaims({ ...ids, now, jti: 'j' })).toThrow(InvalidArgumentError)
  })
})

describe('signAppJwt', () => {
  const options = { privateKey: rsa.privateKey, keyId, clientId, audience, now }

  it('signs an RS256 JWT with the documented header and claims', async () => {
    const jwt = await signAppJwt({ ...options, sessionName: 'user-42' })
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT', kid: keyId })
    const claims = decodeJwt(jwt)
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'session_name'])
    expect(claims).toMatchObject({
      iss: clientId,
      aud: audience,
      iat: now / 1000,
      exp: now / 1000 + 600,
      session_name: 'user-42',
    })
    expect(claims.jti).toMatch(/^[0-9a-f]{64}$/)
    expect(Buffer.from(String(claims.jti), 'hex').length).toBeGreaterThanOrEqual(32)
  })

  it('uses the configured JWT lifetime', async () => {
    const claims = decodeJwt(await signAppJwt({ ...options, jwtLifetimeSeconds: 90 }))
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(90)
  })

  it('draws a fresh jti for every JWT', async () => {
    const jtis = new Set<unknown>()
    for (let i = 0; i < 50; i += 1) jtis.add(decodeJwt(await signAppJwt(options)).jti)
    expect(jtis.size).toBe(50)
  })

  it('makes a signature the public key verifies, and no other key does', async () => {
    const jwt = await signAppJwt(options)
    const verified = await jwtVerify(jwt, rsa.publicKey, {
      algorithms: ['RS256'],
      issuer: clientId,
      audience,
      currentDate: new Date(now + 1000),
    })
    expect(verified.protectedHeader.kid).toBe(keyId)
    await expect(
      jwtVerify(jwt, otherRsa.publicKey, { currentDate: new Date(now + 1000) }),
    ).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed)
  })

  it.each([
    ['an EC key', ec.privateKey],
    ['a public key', rsa.publicKey],
  ])('refuses to sign with %s', async (_name, key) => {
    await expect(signAppJwt({ ...options, privateKey: key })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })

  it('refuses an empty key ID', async () => {
    await expect(signAppJwt({ ...options, keyId: ' ' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })

  it.each([
    [' ', 'public-key-id-missing'],
    ['kid with spaces', 'public-key-id-spaces'],
  ])('tells the window why the key ID %j was refused: %s', async (keyId, reason) => {
    await expect(signAppJwt({ ...options, keyId })).rejects.toMatchObject({
      reason,
      params: { reason },
    })
  })
})

describe('checkTokenDurationSeconds', () => {
  it.each([1, 900, 86399])('accepts %s', (value) => {
    expect(checkTokenDurationSeconds(value)).toBe(value)
  })

  it.each([0, -1, 1.5, 86400, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(() => checkTokenDurationSeconds(value)).toThrow(InvalidArgumentError)
    expect(() => checkTokenDurationSeconds(value)).toThrow(
      expect.objectContaining({ reason: 'jwt-lifetime-range' }),
    )
  })

  it('has the documented default and maximum', () => {
    expect([defaultTokenDurationSeconds, maximumTokenDurationSeconds]).toEqual([900, 86399])
  })
})

describe('previewJwtSignIn', () => {
  const request: JwtSignInRequest = {
    endpoints: comEndpoints,
    clientId,
    keyId,
    privateKeyPem: pkcs8,
  }

  it('shows header, claims, duration and URL, with a placeholder jti', () => {
    expect(previewJwtSignIn({ ...request, sessionName: 'user-42' }, now)).toEqual({
      header: { alg: 'RS256', typ: 'JWT', kid: keyId },
      claims: {
        iss: clientId,
        aud: 'api.coze.com',
        iat: now / 1000,
        exp: now / 1000 + 600,
        jti: jtiPlaceholder,
        session_name: 'user-42',
      },
      durationSeconds: 900,
      tokenUrl: 'https://api.coze.com/api/permission/oauth2/token',
    })
    expect(jtiPlaceholder).toBe('<random, 32 bytes>')
  })

  it('shows the account token URL and the duration asked for', () => {
    const preview = previewJwtSignIn({ ...request, accountId: '7401', durationSeconds: 3600 }, now)
    expect(preview.tokenUrl).toBe('https://api.coze.com/api/permission/oauth2/account/7401/token')
    expect(preview.durationSeconds).toBe(3600)
  })

  it('refuses a bad PEM', () => {
    expect(() => previewJwtSignIn({ ...request, privateKeyPem: 'nope' }, now)).toThrow(
      InvalidPemError,
    )
  })

  it.each([0, 86400, 1.5])('refuses a duration of %s', (durationSeconds) => {
    expect(() => previewJwtSignIn({ ...request, durationSeconds }, now)).toThrow(
      InvalidArgumentError,
    )
  })

  it('refuses an empty account ID rather than fall back to the owner', () => {
    expect(() => previewJwtSignIn({ ...request, accountId: ' ' }, now)).toThrow(
      InvalidArgumentError,
    )
  })
})

interface SentRequest {
  url: string
  headers: Record<string, string>
  body: string
}

describe('signInWithJwt against the sandbox', () => {
  let sandbox: Sandbox
  let description: SandboxDescription
  let endpoints: { com: RegionEndpoints; cn: RegionEndpoints }
  let comApp: AppDescription
  let cnApp: AppDescription
  let deps: JwtFlowDependencies
  let sent: SentRequest[]

  /** The JWT of the n-th request this client sent, taken from its Authorization header. */
  const bearerOf = (request: SentRequest | undefined): string => {
    const value = request?.headers.authorization ?? ''
    expect(value).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/)
    return value.slice('Bearer '.length)
  }

  const comRequest = (extra: Partial<JwtSignInRequest> = {}): JwtSignInRequest => ({
    endpoints: endpoints.com,
    clientId: comApp.clientId,
    keyId: comApp.publicKeyId ?? '',
    privateKeyPem: comApp.privateKeyPem ?? '',
    ...extra,
  })

  /** Who a token acts for, as /v1/users/me on the sandbox says. */
  const userOf = async (token: string): Promise<string> => {
    const response = await fetch(`${endpoints.com.apiBase}/v1/users/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = (await response.json()) as { data?: { user_id?: string } }
    return body.data?.user_id ?? ''
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: { com: 0, cn: 0 },
      frozenClock: true,
      startTime: Date.UTC(2026, 3, 1, 9, 30, 0),
    })
    description = await sandbox.describe()
    comApp = description.regions.com.apps.jwt
    cnApp = description.regions.cn.apps.jwt
    const overrides = {
      com: { apiBase: description.regions.com.apiBase },
      cn: { apiBase: description.regions.cn.apiBase },
    }
    endpoints = {
      com: resolveEndpoints('com', { overrides }),
      cn: resolveEndpoints('cn', { overrides }),
    }
    const recordingFetch: FetchLike = async (input, init) => {
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value
      })
      sent.push({ url: input, headers, body: typeof init?.body === 'string' ? init.body : '' })
      return fetch(input, init)
    }
    const clock: Clock = { now: () => sandbox.clock.now(), sleep: systemClock.sleep }
    deps = {
      oauth: new CozeOAuthClient(new HttpClient({ fetch: recordingFetch }), clock),
      clock,
    }
  })

  afterAll(async () => {
    await sandbox?.stop()
  })

  beforeEach(() => {
    sent = []
  })

  it('uses the sandbox audience for its endpoints', () => {
    expect(endpoints.com.audience).toBe(description.regions.com.audience)
    expect(endpoints.cn.audience).toBe(description.regions.cn.audience)
    expect(comApp.publicKeyId).toBeTruthy()
    expect(comApp.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----')
  })

  it('gets a czs_ token that expires 900 s from now by default, with no refresh token', async () => {
    const before = sandbox.requests.length
    const tokens = await signInWithJwt(deps, comRequest())
    expect(tokens.accessToken).toMatch(/^czs_\w+$/)
    expect(tokens.accessTokenExpiresAt).toBe(sandbox.clock.now() + 900_000)
    expect(tokens.refreshToken).toBeUndefined()
    expect(tokens.refreshTokenExpiresAt).toBeUndefined()
    expect(sandbox.requests.length).toBe(before + 1)
    expect(sandbox.requests.at(-1)).toMatchObject({
      region: 'com',
      method: 'POST',
      path: '/api/permission/oauth2/token',
      status: 200,
    })
    expect(await userOf(tokens.accessToken)).toBe(comApp.ownerUserId)
  })

  it('asks for the duration given (3600 s)', async () => {
    const tokens = await signInWithJwt(deps, comRequest({ durationSeconds: 3600 }))
    expect(tokens.accessTokenExpiresAt).toBe(sandbox.clock.now() + 3_600_000)
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({ duration_seconds: 3600 })
  })

  it('sends the JWT only in Authorization: Bearer', async () => {
    const before = sandbox.requests.length
    await signInWithJwt(deps, comRequest({ sessionName: 'user-42' }))
    expect(sent).toHaveLength(1)
    const request = sent[0]
    const jwt = bearerOf(request)
    expect(decodeProtectedHeader(jwt)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: comApp.publicKeyId,
    })
    const claims = decodeJwt(jwt)
    expect(claims).toMatchObject({
      iss: comApp.clientId,
      aud: description.regions.com.audience,
      session_name: 'user-42',
    })
    // Signed just now (a second boundary may have passed since), valid for 600 s.
    const now = Math.floor(sandbox.clock.now() / 1000)
    expect(claims.iat).toBeLessThanOrEqual(now)
    expect(claims.iat).toBeGreaterThanOrEqual(now - 1)
    expect(claims.exp).toBe((claims.iat ?? 0) + 600)
    expect(request?.url).toBe(`${endpoints.com.apiBase}/api/permission/oauth2/token`)
    expect(JSON.parse(request?.body ?? '')).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      duration_seconds: 900,
    })
    const [signingInput] = jwt.split('.')
    for (const [name, value] of Object.entries(request?.headers ?? {})) {
      if (name !== 'authorization') expect(value).not.toContain(signingInput)
    }
    // And the server saw the same: one Bearer credential of that length, no JWT anywhere else.
    const seen = sandbox.requests.slice(before)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.authorization).toEqual({ scheme: 'Bearer', length: jwt.length })
    expect(seen[0]?.query).toEqual({})
    expect(seen[0]?.bodyKeys.sort()).toEqual(['duration_seconds', 'grant_type'])
  })

  it('passes a scope through in the body', async () => {
    const scope = { account_permission: { permission_list: ['Connector.botChat'] } }
    await signInWithJwt(deps, comRequest({ scope }))
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ scope })
  })

  it.each([0, 86400, 1.5, -60])(
    'refuses a duration of %s before any request is made',
    async (durationSeconds) => {
      const before = sandbox.requests.length
      await expect(signInWithJwt(deps, comRequest({ durationSeconds }))).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
      expect(sandbox.requests.length).toBe(before)
      expect(sent).toHaveLength(0)
    },
  )

  it('refuses a bad PEM before any request is made', async () => {
    const before = sandbox.requests.length
    const attempt = signInWithJwt(
      deps,
      comRequest({
        privateKeyPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }),
    )
    await expect(attempt).rejects.toMatchObject({
      code: 'INVALID_PEM',
      params: { reason: 'public-key' },
    })
    expect(sandbox.requests.length).toBe(before)
  })

  it('signs in for another account through the account token path', async () => {
    const other = description.regions.com.users[1]?.userId ?? ''
    expect(other).not.toBe(comApp.ownerUserId)
    const tokens = await signInWithJwt(deps, comRequest({ accountId: other }))
    expect(sent[0]?.url).toBe(
      `${endpoints.com.apiBase}/api/permission/oauth2/account/${other}/token`,
    )
    expect(sandbox.requests.at(-1)?.path).toBe(`/api/permission/oauth2/account/${other}/token`)
    expect(tokens.accessToken).toMatch(/^czs_/)
    expect(await userOf(tokens.accessToken)).toBe(other)
  })

  it('mints a new token, with a new jti, every time', async () => {
    const first = await signInWithJwt(deps, comRequest())
    const second = await refreshWithJwt(deps, comRequest())
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).toBeUndefined()
    // A renewal asks for the same lifetime as the first sign-in.
    expect(second.accessTokenExpiresAt).toBe(sandbox.clock.now() + 900_000)
    const jtis = sent.map((request) => decodeJwt(bearerOf(request)).jti)
    expect(jtis).toHaveLength(2)
    expect(jtis[0]).not.toBe(jtis[1])
  })

  it('is cancelled by an aborted signal before anything is sent', async () => {
    const before = sandbox.requests.length
    await expect(
      signInWithJwt(deps, comRequest({ signal: AbortSignal.abort() })),
    ).rejects.toBeInstanceOf(CancelledError)
    expect(sandbox.requests.length).toBe(before)
  })

  describe('refusals by Coze', () => {
    const refused: [string, () => JwtSignInRequest][] = [
      // The coze.cn app's kid is unknown on coze.com.
      ['an unknown key ID', () => comRequest({ keyId: cnApp.publicKeyId ?? '' })],
      [
        'a wrong audience',
        () => comRequest({ endpoints: { ...endpoints.com, audience: 'api.coze.com' } }),
      ],
      [
        'a key that does not match the key ID',
        () =>
          comRequest({
            privateKeyPem: otherRsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          }),
      ],
      [
        'the coze.cn app against coze.com',
        () => ({
          endpoints: endpoints.com,
          clientId: cnApp.clientId,
          keyId: cnApp.publicKeyId ?? '',
          privateKeyPem: cnApp.privateKeyPem ?? '',
        }),
      ],
    ]

    it.each(refused)('maps %s to INVALID_CLIENT', async (_name, build) => {
      const request = build()
      const before = sandbox.requests.length
      const error = await signInWithJwt(deps, request).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(error).toBeInstanceOf(InvalidClientError)
      expect(error).toMatchObject({ code: 'INVALID_CLIENT', details: { status: 401 } })
      // The request did reach Coze: the refusal is the server's, not a local check.
      expect(sandbox.requests.slice(before).map((seen) => seen.status)).toEqual([401])
      const jwt = bearerOf(sent[0])
      const text = JSON.stringify({ message: (error as Error).message, ...(error as object) })
      expect(text).not.toContain(jwt.split('.')[2])
      expect(text).not.toContain(jwt.split('.')[1])
      for (const line of request.privateKeyPem.split('\n')) {
        if (line.length >= 16 && !line.startsWith('-----')) expect(text).not.toContain(line)
      }
    })

    it('the same coze.cn app succeeds against coze.cn', async () => {
      const tokens = await signInWithJwt(deps, {
        endpoints: endpoints.cn,
        clientId: cnApp.clientId,
        keyId: cnApp.publicKeyId ?? '',
        privateKeyPem: cnApp.privateKeyPem ?? '',
      })
      expect(tokens.accessToken).toMatch(/^czs_/)
      expect(sandbox.requests.at(-1)?.region).toBe('cn')
    })
  })
})
