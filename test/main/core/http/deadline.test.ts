import type { Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { memoryStores } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import type { FetchLike } from '../../../../src/main/core/ports'
import { systemClock } from '../../../../src/main/core/ports'
import type { Sandbox } from '../../../sandbox'
import { completeConsent, httpRequest, startSandbox } from '../../../sandbox'
import { rejectionOf } from '../../../support/errors'
import { freePort } from '../../../support/net'
import { RecordingBrowser } from '../../../support/recording-browser'

/**
 * A server that stalls in the middle of a body: it sends the status, the headers and the first
 * bytes of a token answer, then holds the socket open and says nothing more.
 */
let stalling: Server
let stallUrl: string
const held: ServerResponse[] = []
/** Called whenever the server starts holding one more answer. */
let onHeld: () => void = () => {}

beforeAll(async () => {
  stalling = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' })
      res.write('{"access_token":"czu_')
      held.push(res)
      onHeld()
    })
  })
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve))
  stallUrl = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`
})

afterAll(() => {
  stalling.closeAllConnections()
  stalling.close()
})

const honestFetch: FetchLike = (input, init) => fetch(input, init)
/**
 * A transport that does not stop reading when the signal fires: what Node 20's fetch sometimes
 * does with a body that stalls. The client must keep its deadline without the transport's help.
 */
const deafFetch: FetchLike = (input, init) => {
  const { signal: _ignored, ...rest } = init ?? {}
  return fetch(input, rest)
}

describe('HttpClient deadline', () => {
  it.each([
    ['an honest transport', honestFetch],
    ['a transport that ignores the abort', deafFetch],
  ])('fails a body that stalls half-way as TIMEOUT, with %s', async (_name, transport) => {
    const client = new HttpClient({ fetch: transport, timeoutMs: 200 })
    const error = await rejectionOf(client.send({ method: 'POST', url: `${stallUrl}/t`, json: {} }))
    expect(error.code).toBe('TIMEOUT')
    expect(error.params).toEqual({ host: new URL(stallUrl).host, seconds: 0 })
  })

  it('fails a transport that never answers at all as TIMEOUT', async () => {
    const client = new HttpClient({ fetch: () => new Promise<Response>(() => {}), timeoutMs: 100 })
    const error = await rejectionOf(client.send({ method: 'GET', url: `${stallUrl}/t` }))
    expect(error.code).toBe('TIMEOUT')
  })

  it('stops at once when the caller cancels during a stalled body', async () => {
    const client = new HttpClient({ fetch: deafFetch, timeoutMs: 60_000 })
    const controller = new AbortController()
    // Cancel once the server has sent the first bytes and is holding the socket.
    const holding = new Promise<void>((resolve) => (onHeld = resolve))
    const pending = client.send({ method: 'GET', url: `${stallUrl}/t`, signal: controller.signal })
    await holding
    onHeld = () => {}
    controller.abort()
    expect((await rejectionOf(pending)).code).toBe('CANCELLED')
  })
})

describe('a refresh whose answer stalls', () => {
  let sandbox: Sandbox
  let core: AuthCore
  /** While set, the next token request goes to the stalling server instead of the sandbox. */
  let stallNextTokenRequest = false

  beforeEach(async () => {
    sandbox = await startSandbox()
    stallNextTokenRequest = false
    core = createAuthCore({
      ...memoryStores(),
      browser: new RecordingBrowser({
        onOpen: async (url) => {
          const outcome = await completeConsent(url)
          await httpRequest(outcome.redirectedTo)
        },
      }),
      clock: systemClock,
      timeoutMs: 1_500,
      fetch: (input, init) => {
        const url = new URL(input)
        if (stallNextTokenRequest && url.pathname === '/api/permission/oauth2/token') {
          stallNextTokenRequest = false
          return deafFetch(`${stallUrl}${url.pathname}`, init)
        }
        return fetch(input, init)
      },
      regions: {
        com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
        cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
      },
    })
  })

  afterEach(() => sandbox.stop())

  it('fails within the deadline, releases the account lock, and the next refresh goes through', async () => {
    const app = sandbox.regions.com.apps.pkce
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
    sandbox.registerRedirectUri('com', app.clientId, redirectUri)
    const profile = await core.profiles.add(
      {
        name: 'pkce',
        region: 'com',
        clientType: 'pkce',
        clientId: app.clientId,
        redirectUri,
      },
      {},
    )
    const account = await core.accounts.signIn(profile.id)

    stallNextTokenRequest = true
    const stalled = await rejectionOf(core.accounts.refresh(account.id))
    expect(stalled.code).toBe('TIMEOUT')

    // The lock is free and the refresh token still alive: the same account refreshes at once.
    const refreshed = await core.accounts.refresh(account.id)
    expect(refreshed.id).toBe(account.id)
    expect(await core.accounts.freshAccessToken(account.id)).toMatch(/^czu_/)
  })
})
