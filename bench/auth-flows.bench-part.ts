import { request as httpGet } from 'node:http'
import { createServer } from 'node:http'
import { HttpClient } from '../src/main/core/http/http-client'
import { signInWithBrowser } from '../src/main/core/oauth/browser-flow'
import { signInWithDevice } from '../src/main/core/oauth/device-flow'
import { signAppJwt, signInWithJwt } from '../src/main/core/oauth/jwt-flow'
import { checkPastedToken } from '../src/main/core/oauth/pasted-token'
import { parseRsaPrivateKey } from '../src/main/core/oauth/pem'
import { createCodeVerifier, codeChallenge, createState } from '../src/main/core/oauth/pkce'
import { CozeOAuthClient } from '../src/main/core/oauth/token-client'
import { CozeOpenApi } from '../src/main/core/openapi/coze-openapi'
import type { Clock } from '../src/main/core/ports'
import { systemClock } from '../src/main/core/ports'
import { EndpointResolver } from '../src/main/core/regions'
import { completeConsent, startSandbox } from '../test/sandbox'
import type { Sandbox } from '../test/sandbox'
import { freePort } from '../test/support/net'
import type { Summary } from './measure'
import { compare } from './measure'

export interface FlowResult {
  flow: string
  ours: Summary
  raw: Summary
  ratio: number
}

const instantClock: Clock = { now: () => Date.now(), sleep: async () => {} }

async function postJson(url: string, body: unknown, bearer?: string): Promise<unknown> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  }
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
  return response.json()
}

async function getJson(url: string, bearer: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
  })
  return response.json()
}

function visit(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve())
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * A raw stand-in for the loopback receiver: a bare server that takes the one callback, for the
 * "what would plain fetch cost" side of the browser flows.
 */
async function rawCallback(port: number, authorizeUrl: string): Promise<string> {
  let code = ''
  const server = createServer((req, res) => {
    code = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('code') ?? ''
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const outcome = await completeConsent(authorizeUrl)
  await visit(outcome.redirectedTo)
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return code
}

/**
 * Each sign-in method, end to end against the sandbox, timed through the app's core and through
 * plain fetch calls that make the same requests. The ratio is the app's overhead (target ≤ 1.2).
 */
export async function benchAuthFlows(runs = 30): Promise<FlowResult[]> {
  const sandbox: Sandbox = await startSandbox()
  try {
    const description = await sandbox.describe()
    const http = new HttpClient({ fetch: (input, init) => fetch(input, init) })
    const oauth = new CozeOAuthClient(http, instantClock)
    const resolver = new EndpointResolver({
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    })
    const com = resolver.resolve('com')
    const api = com.apiBase
    const tokenUrl = `${api}/api/permission/oauth2/token`
    const apps = sandbox.regions.com.apps
    const results: FlowResult[] = []

    const refresh = await compare(
      runs,
      async () => sandbox.issueTokensDirectly('com', apps.pkce.clientId).refresh_token,
      (refreshToken) => oauth.refresh(com, { clientId: apps.pkce.clientId, refreshToken }),
      (refreshToken) =>
        postJson(tokenUrl, {
          grant_type: 'refresh_token',
          client_id: apps.pkce.clientId,
          refresh_token: refreshToken,
        }),
    )
    results.push({ flow: 'refresh', ...refresh })

    const device = await compare(
      runs,
      async () => undefined,
      () =>
        signInWithDevice(
          { oauth, browser: { open: async () => {} }, clock: instantClock },
          {
            endpoints: com,
            clientId: apps.device.clientId,
            openBrowser: false,
            onProgress: (progress) => {
              if (progress.stage === 'code-ready') sandbox.approveDevice(progress.userCode)
            },
          },
        ),
      async () => {
        const grant = (await postJson(`${api}/api/permission/oauth2/device/code`, {
          client_id: apps.device.clientId,
        })) as { device_code: string; user_code: string }
        sandbox.approveDevice(grant.user_code)
        return postJson(tokenUrl, {
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          client_id: apps.device.clientId,
          device_code: grant.device_code,
        })
      },
    )
    results.push({ flow: 'device code', ...device })

    const jwtApp = description.regions.com.apps.jwt
    const key = parseRsaPrivateKey(jwtApp.privateKeyPem ?? '')
    // Both sides sign a JWT (a request without one does not exist); the raw side reuses the
    // parsed key, as a hand-written client would.
    const jwt = await compare(
      runs,
      async () => undefined,
      () =>
        signInWithJwt(
          { oauth, clock: instantClock },
          {
            endpoints: com,
            clientId: jwtApp.clientId,
            keyId: jwtApp.publicKeyId ?? '',
            privateKeyPem: jwtApp.privateKeyPem ?? '',
          },
        ),
      async () => {
        const signed = await signAppJwt({
          privateKey: key,
          keyId: jwtApp.publicKeyId ?? '',
          clientId: jwtApp.clientId,
          audience: com.audience,
          now: Date.now(),
        })
        return postJson(
          tokenUrl,
          { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: 900 },
          signed,
        )
      },
    )
    results.push({ flow: 'JWT (signing + exchange)', ...jwt })

    const openApi = new CozeOpenApi(http)
    const pat = await compare(
      runs,
      async () => sandbox.regions.com.pat,
      (token) => checkPastedToken(openApi, com, [], token),
      async (token) => {
        await getJson(`${api}/v1/users/me`, token)
        await getJson(`${api}/v1/workspaces?page_num=1&page_size=50`, token)
        await getJson(`${api}/v1/workspaces?page_num=2&page_size=50`, token)
      },
    )
    results.push({ flow: 'PAT check (users/me + 2 workspace pages)', ...pat })

    for (const kind of ['pkce', 'web'] as const) {
      const app = apps[kind]
      const browserFlow = await compare(
        runs,
        async () => {
          const port = await freePort()
          const redirectUri = `http://127.0.0.1:${port}/callback`
          sandbox.registerRedirectUri('com', app.clientId, redirectUri)
          return { port, redirectUri }
        },
        ({ redirectUri }) =>
          signInWithBrowser(
            {
              oauth,
              // The loopback timeout sleeps on this clock, so it must be a real one.
              clock: systemClock,
              browser: {
                open: async (url) => {
                  void completeConsent(url).then((outcome) => visit(outcome.redirectedTo))
                },
              },
            },
            {
              endpoints: com,
              clientId: app.clientId,
              redirectUri,
              ...(kind === 'web' ? { clientSecret: app.clientSecret ?? '' } : {}),
            },
          ),
        async ({ port, redirectUri }) => {
          const verifier = createCodeVerifier()
          const query = new URLSearchParams({
            response_type: 'code',
            client_id: app.clientId,
            redirect_uri: redirectUri,
            state: createState(),
          })
          if (kind === 'pkce') {
            query.set('code_challenge', codeChallenge(verifier, 'S256'))
            query.set('code_challenge_method', 'S256')
          }
          const code = await rawCallback(
            port,
            `${com.webBase}/api/permission/oauth2/authorize?${query}`,
          )
          const body: Record<string, string> = {
            grant_type: 'authorization_code',
            client_id: app.clientId,
            redirect_uri: redirectUri,
            code,
          }
          if (kind === 'pkce') body.code_verifier = verifier
          return postJson(tokenUrl, body, kind === 'web' ? (app.clientSecret ?? '') : undefined)
        },
      )
      results.push({
        flow: kind === 'pkce' ? 'PKCE (loopback + consent)' : 'web code (loopback + consent)',
        ...browserFlow,
      })
    }
    return results
  } finally {
    await sandbox.stop()
  }
}
