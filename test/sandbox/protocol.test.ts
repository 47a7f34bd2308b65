/**
 * Wire details of the sandbox that the SDK suite does not reach: shapes, pages, workspace scoping,
 * paging edges, error dialects and junk input.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  completeConsent,
  httpRequest,
  pageError,
  startSandbox,
  submitDeviceDecision,
} from './index'
import type { Sandbox, SandboxRegion } from './index'
import {
  authorizeUrl,
  bearer,
  DEVICE_GRANT,
  getJson,
  postJson,
  s256,
  tokenUrl,
} from './test-support'

let sandbox: Sandbox
let com: SandboxRegion

beforeAll(async () => {
  sandbox = await startSandbox()
  com = sandbox.regions.com
})

afterAll(async () => {
  await sandbox.stop()
})

function rawExchange(
  text: string,
  contentType = 'application/json',
): ReturnType<typeof httpRequest> {
  return httpRequest(tokenUrl(com), {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: text,
  })
}

describe('token responses', () => {
  it('have exactly access_token, expires_in (absolute seconds) and refresh_token', async () => {
    const consent = await completeConsent(authorizeUrl(com, com.apps.web))
    const app = com.apps.web
    // The sandbox's clock runs on while it answers: the token's expiry lies between the two
    // readings (a second boundary can fall in between), each plus the 900 s lifetime.
    const before = Math.floor(sandbox.clock.now() / 1000)
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
    expect(Object.keys(result.json).sort()).toEqual(['access_token', 'expires_in', 'refresh_token'])
    expect(result.headers['content-type']).toContain('application/json')
    const after = Math.floor(sandbox.clock.now() / 1000)
    expect(result.json.expires_in).toBeGreaterThanOrEqual(before + 900)
    expect(result.json.expires_in).toBeLessThanOrEqual(after + 900)
    expect(result.json.expires_in).toBeGreaterThan(1_700_000_000)
  })

  it('device codes: expires_in is a duration; device tokens are czu_', async () => {
    const device = await postJson(`${com.apiBase}/api/permission/oauth2/device/code`, {
      client_id: com.apps.device.clientId,
    })
    expect(device.json).toMatchObject({ expires_in: 300, interval: 5 })
    const userCode = String(device.json.user_code)
    // People type codes lower-case and without the dash.
    const page = await submitDeviceDecision(
      com.deviceVerificationUri,
      userCode.replace('-', '').toLowerCase(),
    )
    expect(page.result).toBe('approved')
    const token = await postJson(tokenUrl(com), {
      grant_type: DEVICE_GRANT,
      client_id: com.apps.device.clientId,
      device_code: device.json.device_code,
    })
    expect(token.json.access_token).toMatch(/^czu_/)
    const reused = await postJson(tokenUrl(com), {
      grant_type: DEVICE_GRANT,
      client_id: com.apps.device.clientId,
      device_code: device.json.device_code,
    })
    expect(reused.json.error_code).toBe('invalid_grant')
  })
})

describe('pages', () => {
  it('the consent page is self-contained HTML with #approve and #deny buttons', async () => {
    const first = await httpRequest(authorizeUrl(com, com.apps.web))
    expect(first.status).toBe(302)
    expect(first.headers.location).toMatch(/\/oauth\/consent\?authorize_key=[A-Za-z0-9]{32}$/)
    const page = await httpRequest(first.headers.location ?? '')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('<form method="post" action="/oauth/consent"')
    expect(page.body).toMatch(
      /<button[^>]*id="approve"[^>]*name="decision" value="approve">Approve</,
    )
    expect(page.body).toMatch(/<button[^>]*id="deny"[^>]*name="decision" value="deny">Deny</)
    expect(page.body).toContain(com.apps.web.name)
    expect(page.body).toContain('alice')
    expect(page.body).not.toMatch(/<script|<link|<img|src="http/)
  })

  it('authorize errors are HTML pages and never redirect', async () => {
    const unknown = await httpRequest(
      authorizeUrl(com, { ...com.apps.web, clientId: '11111111111111111111111111111111.app.coze' }),
    )
    expect(unknown.status).toBe(400)
    expect(unknown.headers.location).toBeUndefined()
    expect(pageError(unknown.body)).toContain('app not found')

    const implicit = await httpRequest(authorizeUrl(com, com.apps.web, { response_type: 'token' }))
    expect(implicit.status).toBe(400)
    expect(implicit.headers.location).toBeUndefined()

    const badChallenge = await httpRequest(
      authorizeUrl(com, com.apps.pkce, { code_challenge: 'short', code_challenge_method: 'S256' }),
    )
    expect(badChallenge.status).toBe(400)
    const badMethod = await httpRequest(
      authorizeUrl(com, com.apps.pkce, {
        code_challenge: s256('v'),
        code_challenge_method: 'S512',
      }),
    )
    expect(badMethod.status).toBe(400)
  })

  it('without a state parameter the redirect has none either', async () => {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: com.apps.web.clientId,
      redirect_uri: com.apps.web.redirectUris[0] ?? '',
    })
    const consent = await completeConsent(
      `${com.wwwBase}/api/permission/oauth2/authorize?${params.toString()}`,
    )
    expect(consent.code).toMatch(/^code_/)
    expect(new URL(consent.redirectedTo).searchParams.has('state')).toBe(false)
  })

  it('the device page prefills the code, names the app, and refuses bad or reused codes', async () => {
    const device = await postJson(`${com.apiBase}/api/permission/oauth2/device/code`, {
      client_id: com.apps.device.clientId,
    })
    const userCode = String(device.json.user_code)
    const page = await httpRequest(`${com.deviceVerificationUri}?user_code=${userCode}`)
    expect(page.body).toContain(`id="user-code"`)
    expect(page.body).toContain(`value="${userCode}"`)
    expect(page.body).toContain(com.apps.device.name)
    expect(page.body).toMatch(/id="approve"/)

    const bad = await submitDeviceDecision(com.deviceVerificationUri, 'BBBB-BBBB')
    expect(bad.status).toBe(400)
    expect(bad.error).toContain('not valid')
    expect((await submitDeviceDecision(com.deviceVerificationUri, userCode)).result).toBe(
      'approved',
    )
    const twice = await submitDeviceDecision(com.deviceVerificationUri, userCode)
    expect(twice.status).toBe(409)
  })

  it('the index page and placeholder images are served locally', async () => {
    const home = await httpRequest(`${com.apiBase}/`)
    expect(home.body).toContain(com.apps.jwt.clientId)
    const avatar = await httpRequest(com.users[0]?.avatarUrl ?? '')
    expect(avatar.status).toBe(200)
    expect(avatar.headers['content-type']).toBe('image/png')
    const icon = await httpRequest(
      `${com.apiBase}/static/workspace/${com.users[0]?.userId ?? ''}.svg`,
    )
    expect(icon.headers['content-type']).toBe('image/svg+xml')
  })
})

describe('workspace-scoped authorization', () => {
  it('a token from the workspace variant sees only that workspace', async () => {
    const alice = com.users[0]?.userId ?? ''
    const all = await getJson(`${com.apiBase}/v1/workspaces?page_size=50`, bearer(com.pat))
    const workspaces = (all.json.data as { workspaces: { id: string; workspace_type: string }[] })
      .workspaces
    const team = workspaces.find((w) => w.workspace_type === 'team')
    expect(team).toBeDefined()
    const url = authorizeUrl(com, com.apps.web, {}, team?.id)
    const consent = await completeConsent(url, { userId: alice })
    expect(consent.consentPage).toContain(`id="workspace"`)
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
    const scoped = await getJson(
      `${com.apiBase}/v1/workspaces`,
      bearer(String(token.json.access_token)),
    )
    const data = scoped.json.data as { total_count: number; workspaces: { id: string }[] }
    expect(data.total_count).toBe(1)
    expect(data.workspaces.map((w) => w.id)).toEqual([team?.id])
  })

  it('a user outside the workspace is denied, an unknown workspace is an error page', async () => {
    const bob = com.users[1]?.userId ?? ''
    const alicesPersonal = await getJson(
      `${com.apiBase}/v1/workspaces?page_size=1`,
      bearer(com.pat),
    )
    const aliceOnly = (alicesPersonal.json.data as { workspaces: { id: string }[] }).workspaces[0]
      ?.id
    const denied = await completeConsent(authorizeUrl(com, com.apps.web, {}, aliceOnly), {
      userId: bob,
    })
    expect(denied.error).toBe('access_denied')
    expect(denied.errorDescription).toContain('member')
    const unknown = await httpRequest(authorizeUrl(com, com.apps.web, {}, '123'))
    expect(unknown.status).toBe(400)
    const device = await postJson(
      `${com.apiBase}/api/permission/oauth2/workspace_id/123/device/code`,
      {
        client_id: com.apps.device.clientId,
      },
    )
    expect(device.json.error_code).toBe('invalid_request')
  })
})

describe('/v1/workspaces paging', () => {
  const list = (query: string): ReturnType<typeof getJson> =>
    getJson(`${com.apiBase}/v1/workspaces${query}`, bearer(com.sat))

  it('returns every documented field', async () => {
    const result = await list('?page_num=1&page_size=1')
    expect(result.json).toMatchObject({ code: 0, msg: '' })
    const workspace = (result.json.data as { workspaces: Record<string, unknown>[] }).workspaces[0]
    expect(Object.keys(workspace ?? {}).sort()).toEqual(
      [
        'admin_uids',
        'description',
        'enterprise_id',
        'icon_url',
        'id',
        'joined_status',
        'name',
        'owner_uid',
        'role_type',
        'workspace_type',
      ].sort(),
    )
  })

  it('past the last page is an empty page with the same total_count', async () => {
    const result = await list('?page_num=99&page_size=50')
    const data = result.json.data as { total_count: number; workspaces: unknown[] }
    expect(data.workspaces).toEqual([])
    expect(data.total_count).toBe(com.users[0]?.workspaceCount)
  })

  it.each(['?page_size=0', '?page_size=51', '?page_size=abc', '?page_num=0', '?page_num=-1'])(
    'refuses %s with 4000',
    async (query) => {
      const result = await list(query)
      expect(result.status).toBe(400)
      expect(result.json.code).toBe(4000)
      expect((result.json.detail as { logid: string }).logid).toBe(result.headers['x-tt-logid'])
    },
  )
})

describe('credentials on /v1', () => {
  it.each([
    ['no header', {}],
    ['an empty Bearer', { Authorization: 'Bearer ' }],
    ['a Basic scheme', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['a refresh token', null],
  ])('refuses %s with 4100', async (_name, headers) => {
    const sent =
      headers ?? bearer(sandbox.issueTokensDirectly('com', com.apps.pkce.clientId).refresh_token)
    const result = await getJson(`${com.apiBase}/v1/users/me`, sent)
    expect(result.status).toBe(401)
    expect(result.json).toMatchObject({ code: 4100 })
    expect(typeof result.json.msg).toBe('string')
  })
})

describe('junk input never crashes the server', () => {
  it('malformed JSON is a flat invalid_request', async () => {
    const result = await rawExchange('{"grant_type": ')
    expect(result.status).toBe(400)
    expect(JSON.parse(result.body)).toMatchObject({
      error: 'invalid_request',
      error_code: 'invalid_request',
    })
    expect(result.headers['x-tt-logid']).toBeTruthy()
  })

  it.each([
    ['a JSON array', '[1,2]', 'application/json'],
    ['a JSON string', '"x"', 'application/json'],
    ['form encoding', 'grant_type=refresh_token', 'application/x-www-form-urlencoded'],
    ['XML', '<x/>', 'application/xml'],
    ['a number as client_id', '{"grant_type":"refresh_token","client_id":123}', 'application/json'],
    ['no grant_type', '{}', 'application/json'],
  ])('%s is invalid_request', async (_name, body, type) => {
    const result = await rawExchange(body, type)
    expect(result.status).toBe(400)
    expect(JSON.parse(result.body).error_code).toBe('invalid_request')
  })

  it('unknown paths are 404 JSON, wrong methods 405', async () => {
    const missing = await httpRequest(`${com.apiBase}/v1/nope`)
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({ code: 4200 })
    expect(missing.headers['x-tt-logid']).toBeTruthy()
    const wrong = await httpRequest(tokenUrl(com))
    expect(wrong.status).toBe(405)
    expect(JSON.parse(wrong.body).error_code).toBe('invalid_request')
  })

  it('a body over 1 MB is refused with 413', async () => {
    const result = await rawExchange(`{"x":"${'a'.repeat(1024 * 1024 + 10)}"}`)
    expect(result.status).toBe(413)
  })

  it('bad percent-encoding in a path parameter is a 400', async () => {
    const result = await httpRequest(
      `${com.apiBase}/api/permission/oauth2/account/%E0%A4%A/token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
    )
    expect(result.status).toBe(400)
  })

  it('garbage on the socket gets a 400 and the server lives on', async () => {
    const port = Number(new URL(com.apiBase).port)
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('\x00\x01 NOT HTTP\r\n\r\n'))
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect(reply).toMatch(/X-Tt-Logid: \d{14}[0-9A-F]{20}\r\n/)
    expect((await getJson(`${com.apiBase}/v1/users/me`, bearer(com.pat))).status).toBe(200)
  })
})

describe('independent sandboxes', () => {
  it('two sandboxes do not share tokens, and describe() is JSON-serialisable', async () => {
    const other = await startSandbox()
    try {
      expect(other.regions.com.apiBase).not.toBe(com.apiBase)
      const token = sandbox.issueTokensDirectly('com', com.apps.pkce.clientId).access_token
      const there = await getJson(`${other.regions.com.apiBase}/v1/users/me`, bearer(token))
      expect(there.json.code).toBe(4100)
      const description = await other.describe()
      const copy = JSON.parse(JSON.stringify(description)) as typeof description
      expect(copy.regions.cn.apps.jwt.privateKeyPem).toContain('BEGIN PRIVATE KEY')
      expect(copy.regions.com.apps.web.clientId).toMatch(/^\d{32}\.app\.coze$/)
      expect(copy.regions.com.apps.web.clientId).not.toBe(copy.regions.cn.apps.web.clientId)
      expect(copy.regions.com.workspaceCount).toBeGreaterThan(60)
    } finally {
      await other.stop()
    }
  })
})
