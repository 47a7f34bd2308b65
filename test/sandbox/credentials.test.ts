/**
 * Every wrong credential the protocol notes describe is refused, each in its own test, with the
 * flat OAuth error body and the status the notes recommend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeConsent, httpRequest, pageError, startSandbox } from './index'
import type { Sandbox, SandboxRegion } from './index'
import {
  authorizeUrl,
  bearer,
  getJson,
  JWT_GRANT,
  postJson,
  s256,
  signAppJwt,
  tokenUrl,
} from './test-support'
import type { JsonResult } from './test-support'

let sandbox: Sandbox
let com: SandboxRegion
let cn: SandboxRegion

beforeAll(async () => {
  sandbox = await startSandbox()
  com = sandbox.regions.com
  cn = sandbox.regions.cn
  await sandbox.describe()
})

afterAll(async () => {
  await sandbox.stop()
})

function expectOAuthError(result: JsonResult, status: number, code: string): void {
  expect(result.status).toBe(status)
  expect(result.json.error).toBe(code)
  expect(result.json.error_code).toBe(code)
  expect(typeof result.json.error_message).toBe('string')
  expect(result.headers['x-tt-logid']).toMatch(/^\d{14}[0-9A-F]{20}$/)
}

async function webCode(): Promise<string> {
  const consent = await completeConsent(authorizeUrl(com, com.apps.web))
  if (!consent.code) throw new Error('no code')
  return consent.code
}

function webExchange(
  code: string,
  secret: string | null,
  redirectUri?: string,
): Promise<JsonResult> {
  const app = com.apps.web
  return postJson(
    tokenUrl(com),
    {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      redirect_uri: redirectUri ?? app.redirectUris[0],
      code,
    },
    secret === null ? {} : bearer(secret),
  )
}

const VERIFIER = 'a-verifier-of-sufficient-entropy-0123456789abcdef'

async function pkceCode(method: 'S256' | 'plain' = 'S256'): Promise<string> {
  const challenge = method === 'S256' ? s256(VERIFIER) : VERIFIER
  const url = authorizeUrl(com, com.apps.pkce, {
    code_challenge: challenge,
    code_challenge_method: method,
  })
  const consent = await completeConsent(url)
  if (!consent.code) throw new Error('no code')
  return consent.code
}

function pkceExchange(code: string, verifier: string): Promise<JsonResult> {
  const app = com.apps.pkce
  return postJson(tokenUrl(com), {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0],
    code,
    code_verifier: verifier,
  })
}

function jwtExchange(jwt: string, region: SandboxRegion = com): Promise<JsonResult> {
  return postJson(tokenUrl(region), { grant_type: JWT_GRANT }, bearer(jwt))
}

const now = (): number => sandbox.clock.now()

describe('client secret (web apps)', () => {
  it('accepts the right secret as a control', async () => {
    const result = await webExchange(await webCode(), com.apps.web.clientSecret ?? '')
    expect(result.status).toBe(200)
    expect(result.json.access_token).toMatch(/^czu_/)
  })

  it('refuses a bad secret with 401 invalid_client', async () => {
    const result = await webExchange(await webCode(), `${com.apps.web.clientSecret}x`)
    expectOAuthError(result, 401, 'invalid_client')
  })

  it('refuses an empty Bearer for a web app (no credential)', async () => {
    const result = await webExchange(await webCode(), '')
    expectOAuthError(result, 401, 'invalid_client')
  })

  it('ignores a secret sent in the body: it must travel in Authorization', async () => {
    const app = com.apps.web
    const result = await postJson(tokenUrl(com), {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      redirect_uri: app.redirectUris[0],
      code: await webCode(),
      client_secret: app.clientSecret,
    })
    expectOAuthError(result, 401, 'invalid_client')
  })
})

describe('PKCE verifier', () => {
  it('accepts S256 and plain with the right verifier', async () => {
    expect((await pkceExchange(await pkceCode('S256'), VERIFIER)).status).toBe(200)
    expect((await pkceExchange(await pkceCode('plain'), VERIFIER)).status).toBe(200)
  })

  it('refuses a bad verifier with 400 invalid_grant', async () => {
    const result = await pkceExchange(await pkceCode('S256'), `${VERIFIER}0`)
    expectOAuthError(result, 400, 'invalid_grant')
    expect(result.json.error_message).toContain('code_verifier')
  })

  it('refuses a bad plain verifier too', async () => {
    const result = await pkceExchange(await pkceCode('plain'), VERIFIER.toUpperCase())
    expectOAuthError(result, 400, 'invalid_grant')
  })

  it('refuses a missing verifier with invalid_request', async () => {
    const app = com.apps.pkce
    const result = await postJson(tokenUrl(com), {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      redirect_uri: app.redirectUris[0],
      code: await pkceCode(),
    })
    expectOAuthError(result, 400, 'invalid_request')
  })

  it('a PKCE app cannot skip PKCE at authorize', async () => {
    const response = await httpRequest(authorizeUrl(com, com.apps.pkce))
    expect(response.status).toBe(400)
    expect(response.headers.location).toBeUndefined()
    expect(pageError(response.body)).toContain('code_challenge')
  })
})

describe('authorization codes', () => {
  it('refuses a reused code', async () => {
    const code = await webCode()
    const secret = com.apps.web.clientSecret ?? ''
    expect((await webExchange(code, secret)).status).toBe(200)
    const again = await webExchange(code, secret)
    expectOAuthError(again, 400, 'invalid_grant')
    expect(again.json.error_message).toContain('already been used')
  })

  it('refuses an expired code (5 minutes)', async () => {
    const code = await webCode()
    sandbox.clock.advance(5 * 60 + 1)
    expectOAuthError(await webExchange(code, com.apps.web.clientSecret ?? ''), 400, 'invalid_grant')
  })

  it("refuses another app's code", async () => {
    const code = await webCode()
    const result = await postJson(tokenUrl(com), {
      grant_type: 'authorization_code',
      client_id: com.apps.pkce.clientId,
      redirect_uri: com.apps.pkce.redirectUris[0],
      code,
      code_verifier: VERIFIER,
    })
    expectOAuthError(result, 400, 'invalid_grant')
  })
})

describe('redirect URI, exact match', () => {
  const oneCharOff = (uri: string): string => uri.replace('/callback', '/callbacc')

  it('at authorize: an HTML error page, and no redirect to the unregistered URI', async () => {
    const app = com.apps.web
    const registered = app.redirectUris[0] ?? ''
    const url = authorizeUrl(com, app, { redirect_uri: oneCharOff(registered) })
    const response = await httpRequest(url)
    expect(response.status).toBe(400)
    expect(response.headers.location).toBeUndefined()
    expect(response.headers['content-type']).toContain('text/html')
    expect(pageError(response.body)).toContain('redirect_uri')
  })

  it('a trailing slash is already a different URI', async () => {
    const app = com.apps.web
    const url = authorizeUrl(com, app, { redirect_uri: `${app.redirectUris[0]}/` })
    expect((await httpRequest(url)).status).toBe(400)
  })

  it('at the exchange: must equal the one used at authorize', async () => {
    const app = com.apps.web
    const code = await webCode()
    const result = await webExchange(
      code,
      app.clientSecret ?? '',
      oneCharOff(app.redirectUris[0] ?? ''),
    )
    expectOAuthError(result, 400, 'invalid_grant')
    expect(result.json.error_message).toContain('redirect_uri')
  })

  it('another registered URI is still refused at the exchange if it differs from the authorize one', async () => {
    const app = com.apps.web
    const code = await webCode()
    const result = await webExchange(code, app.clientSecret ?? '', app.redirectUris[1])
    expectOAuthError(result, 400, 'invalid_grant')
  })
})

describe('refresh tokens', () => {
  function refresh(token: string, clientId = com.apps.pkce.clientId): Promise<JsonResult> {
    return postJson(tokenUrl(com), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: token,
    })
  }

  it('refuses a rotated refresh token used again', async () => {
    const first = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId)
    const rotated = await refresh(first.refresh_token)
    expect(rotated.status).toBe(200)
    const again = await refresh(first.refresh_token)
    expectOAuthError(again, 400, 'invalid_grant')
    // The new one still works: reuse does not kill the family.
    expect((await refresh(String(rotated.json.refresh_token))).status).toBe(200)
  })

  it('refuses a refresh token after 30 days', async () => {
    const pair = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId)
    sandbox.clock.advance(30 * 24 * 3600 + 1)
    expectOAuthError(await refresh(pair.refresh_token), 400, 'invalid_grant')
  })

  it('refuses a web refresh without the secret', async () => {
    const pair = sandbox.issueTokensDirectly('com', com.apps.web.clientId)
    expectOAuthError(
      await refresh(pair.refresh_token, com.apps.web.clientId),
      401,
      'invalid_client',
    )
  })

  it('refuses an access token offered as a refresh token (czs_ and czu_)', async () => {
    const pair = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId)
    expectOAuthError(await refresh(pair.access_token), 400, 'invalid_grant')
    const jwt = await jwtExchange(await signAppJwt(com, com.apps.jwt, now()))
    expectOAuthError(await refresh(String(jwt.json.access_token)), 400, 'invalid_grant')
  })
})

describe('JWT client assertions', () => {
  it('accepts a good JWT as a control', async () => {
    const result = await jwtExchange(await signAppJwt(com, com.apps.jwt, now()))
    expect(result.status).toBe(200)
    expect(result.json.access_token).toMatch(/^czs_/)
    expect(result.json.refresh_token).toBeUndefined()
  })

  it('refuses a reused jti', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now())
    expect((await jwtExchange(jwt)).status).toBe(200)
    const again = await jwtExchange(jwt)
    expectOAuthError(again, 401, 'invalid_client')
    expect(again.json.error_message).toContain('jti')
    const sameJti = await signAppJwt(com, com.apps.jwt, now(), { jti: 'fixed-jti-1' })
    expect((await jwtExchange(sameJti)).status).toBe(200)
    const resigned = await signAppJwt(com, com.apps.jwt, now(), { jti: 'fixed-jti-1' })
    expectOAuthError(await jwtExchange(resigned), 401, 'invalid_client')
  })

  it('refuses a JWT without jti', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now(), { jti: null })
    expectOAuthError(await jwtExchange(jwt), 401, 'invalid_client')
  })

  it('refuses a wrong aud (the real API host is not this sandbox)', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now(), { aud: 'api.coze.com' })
    const result = await jwtExchange(jwt)
    expectOAuthError(result, 401, 'invalid_client')
    expect(result.json.error_message).toContain('aud')
  })

  it('refuses an unknown kid', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now(), { kid: 'f'.repeat(40) })
    const result = await jwtExchange(jwt)
    expectOAuthError(result, 401, 'invalid_client')
    expect(result.json.error_message).toContain('kid')
  })

  it('refuses an expired JWT', async () => {
    const issued = Math.floor(now() / 1000) - 3600
    const jwt = await signAppJwt(com, com.apps.jwt, now(), { iat: issued, exp: issued + 60 })
    const result = await jwtExchange(jwt)
    expectOAuthError(result, 401, 'invalid_client')
    expect(result.json.error_message).toContain('expired')
  })

  it('a JWT expires when the sandbox clock moves past its exp', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now())
    sandbox.clock.advance(601)
    expectOAuthError(await jwtExchange(jwt), 401, 'invalid_client')
  })

  it('refuses an iat in the future and an overlong lifetime', async () => {
    const t = Math.floor(now() / 1000)
    const future = await signAppJwt(com, com.apps.jwt, now(), { iat: t + 3600, exp: t + 7200 })
    expectOAuthError(await jwtExchange(future), 401, 'invalid_client')
    const long = await signAppJwt(com, com.apps.jwt, now(), { iat: t, exp: t + 2 * 86400 })
    expectOAuthError(await jwtExchange(long), 401, 'invalid_client')
  })

  it('refuses a wrong iss (another app id with this kid)', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now(), { iss: com.apps.channel.clientId })
    expectOAuthError(await jwtExchange(jwt), 401, 'invalid_client')
  })

  it("refuses a JWT signed with another app's key under this app's kid", async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now(), {
      privateKeyPem: com.apps.channel.privateKeyPem ?? '',
    })
    const result = await jwtExchange(jwt)
    expectOAuthError(result, 401, 'invalid_client')
    expect(result.json.error_message).toContain('signature')
  })

  it('refuses a tampered payload and a non-RS256 token', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now())
    const [header, payload, signature] = jwt.split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: 9_999_999_999 })).toString(
      'base64url',
    )
    expectOAuthError(await jwtExchange(`${header}.${forged}.${signature}`), 401, 'invalid_client')

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: com.apps.jwt.publicKeyId })).toString('base64url')}.${payload}.`
    expectOAuthError(await jwtExchange(none), 401, 'invalid_client')
    expectOAuthError(await jwtExchange('not.a.jwt'), 401, 'invalid_client')
  })

  it('refuses a missing JWT and an out-of-range duration_seconds', async () => {
    expectOAuthError(
      await postJson(tokenUrl(com), { grant_type: JWT_GRANT }),
      401,
      'invalid_client',
    )
    const jwt = await signAppJwt(com, com.apps.jwt, now())
    const tooLong = await postJson(
      tokenUrl(com),
      { grant_type: JWT_GRANT, duration_seconds: 86400 },
      bearer(jwt),
    )
    expectOAuthError(tooLong, 400, 'invalid_request')
    // The bad body did not burn the JWT's jti.
    expect((await jwtExchange(jwt)).status).toBe(200)
  })

  it('accepts the Python quirk scope: null and the Go quirk client_id', async () => {
    const jwt = await signAppJwt(com, com.apps.jwt, now())
    const result = await postJson(
      tokenUrl(com),
      {
        grant_type: JWT_GRANT,
        scope: null,
        client_id: com.apps.jwt.clientId,
        duration_seconds: 60,
      },
      bearer(jwt),
    )
    expect(result.status).toBe(200)
    expect(result.json.expires_in).toBe(Math.floor(now() / 1000) + 60)
  })
})

describe('app types', () => {
  it('a channel app gets access_deny "invalid app type" for the code flow', async () => {
    const app = com.apps.channel
    const url = authorizeUrl(com, { ...app, redirectUris: ['http://127.0.0.1:48123/callback'] })
    const page = await httpRequest(url)
    expect(page.status).toBe(403)
    expect(pageError(page.body)).toBe('invalid app type')

    const exchange = await postJson(tokenUrl(com), {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      redirect_uri: 'http://127.0.0.1:48123/callback',
      code: 'code_whatever',
    })
    expectOAuthError(exchange, 403, 'access_deny')
    expect(exchange.json.error_message).toBe('invalid app type')
  })

  it('only device apps may ask for device codes', async () => {
    const result = await postJson(`${com.apiBase}/api/permission/oauth2/device/code`, {
      client_id: com.apps.pkce.clientId,
    })
    expectOAuthError(result, 403, 'access_deny')
  })

  it('an unknown grant type is unsupported_grant_type', async () => {
    const result = await postJson(tokenUrl(com), {
      grant_type: 'password',
      client_id: com.apps.web.clientId,
    })
    expectOAuthError(result, 400, 'unsupported_grant_type')
    expect(result.json.error_message).toBe('not supported grant type: password')
  })
})

describe('wrong region: coze.cn credentials on the coze.com side', () => {
  function withoutLogId(result: JsonResult): Record<string, unknown> {
    return { status: result.status, ...result.json }
  }

  it('a coze.cn app is answered exactly like an unknown app', async () => {
    const body = (clientId: string): Record<string, string> => ({
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: 'x',
    })
    const wrongRegion = await postJson(tokenUrl(com), body(cn.apps.pkce.clientId))
    const unknown = await postJson(tokenUrl(com), body('00000000000000000000000000000000.app.coze'))
    expectOAuthError(wrongRegion, 401, 'invalid_client')
    expect(withoutLogId(wrongRegion)).toEqual(withoutLogId(unknown))
  })

  it('a coze.cn token is answered exactly like an unknown token', async () => {
    const cnToken = sandbox.issueTokensDirectly('cn', cn.apps.pkce.clientId).access_token
    expect((await getJson(`${cn.apiBase}/v1/users/me`, bearer(cnToken))).status).toBe(200)
    const wrongRegion = await getJson(`${com.apiBase}/v1/users/me`, bearer(cnToken))
    const unknown = await getJson(`${com.apiBase}/v1/users/me`, bearer(`czu_${'A'.repeat(64)}`))
    expect(wrongRegion.status).toBe(401)
    expect(wrongRegion.json.code).toBe(4100)
    expect({ ...wrongRegion.json, detail: null }).toEqual({ ...unknown.json, detail: null })
    const cnPat = await getJson(`${com.apiBase}/v1/users/me`, bearer(cn.pat))
    expect(cnPat.json.code).toBe(4100)
  })

  it('a coze.cn kid is answered exactly like an unknown kid', async () => {
    const cnJwt = await signAppJwt(com, cn.apps.jwt, now())
    const unknownKid = await signAppJwt(com, com.apps.jwt, now(), { kid: '0'.repeat(40) })
    const wrongRegion = await jwtExchange(cnJwt)
    const unknown = await jwtExchange(unknownKid)
    expectOAuthError(wrongRegion, 401, 'invalid_client')
    expect(withoutLogId(wrongRegion)).toEqual(withoutLogId(unknown))
    // And the same JWT signed for coze.cn's audience works there.
    expect((await jwtExchange(await signAppJwt(cn, cn.apps.jwt, now()), cn)).status).toBe(200)
  })
})
