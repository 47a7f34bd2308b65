import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import type { LogFields, Logger, LogLevel } from '../../../../src/main/core/logger'
import {
  defaultNoAnswerHintMs,
  signInWithBrowser,
} from '../../../../src/main/core/oauth/browser-flow'
import type {
  BrowserFlowProgress,
  BrowserSignInRequest,
} from '../../../../src/main/core/oauth/browser-flow'
import { CozeOAuthClient } from '../../../../src/main/core/oauth/token-client'
import type { TokenSet } from '../../../../src/main/core/oauth/token-client'
import { systemClock } from '../../../../src/main/core/ports'
import type { BrowserLauncher } from '../../../../src/main/core/ports'
import { resolveEndpoints } from '../../../../src/main/core/regions'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import { completeConsent, httpRequest, pageError, startSandbox } from '../../../sandbox'
import type { ConsentOutcome, HttpResult, RecordedRequest, Sandbox } from '../../../sandbox'
import { RecordingBrowser } from '../../../support/recording-browser'
import { freePort, hasIpv6Loopback, isPortFree } from '../../../support/net'
import { rejectionOf } from '../../../support/errors'
import { drainMicrotasks } from '../../../support/microtasks'
import { createTestClock } from '../../../support/test-clock'
import { sandboxRegions } from '../../../support/core-harness'
import { rawRequest } from '../../../support/http'

/**
 * End to end against the sandbox over real HTTP: the flow's loopback server, the sandbox's
 * authorize and consent pages (driven by completeConsent, playing the user), the browser's
 * redirect back (a real GET to the loopback server) and the token exchange.
 */

// The sandbox runs three days ahead of the real clock, so an expiry computed from our own clock
// instead of Coze's absolute `expires_in` would be caught.
const sandboxSkewMs = 3 * 24 * 60 * 60 * 1000
const fifteenMinutes = 15 * 60 * 1000
const tokenPath = '/api/permission/oauth2/token'
const aliceTeamWorkspace = '7410000000000000001'

let sandbox: Sandbox
let endpoints: RegionEndpoints
let oauth: CozeOAuthClient

beforeAll(async () => {
  sandbox = await startSandbox({ ports: { com: 0, cn: 0 }, startTime: Date.now() + sandboxSkewMs })
  endpoints = resolveEndpoints('com', { overrides: sandboxRegions(sandbox) })
  oauth = new CozeOAuthClient(
    new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs: 5_000 }),
    systemClock,
  )
})

afterAll(async () => {
  await sandbox.stop()
})

const occupied: Server[] = []
afterEach(async () => {
  sandbox.faults.clear()
  await Promise.all(
    occupied
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

// ---------------------------------------------------------------------------------------------
// Helpers

type AppKind = 'pkce' | 'web'

/** A fresh redirect URI on a free port, registered for the app. */
async function registeredRedirect(
  kind: AppKind,
  host: '127.0.0.1' | 'localhost' = '127.0.0.1',
): Promise<{ redirectUri: string; port: number }> {
  const port = await freePort()
  const redirectUri = `http://${host}:${port}/callback`
  sandbox.registerRedirectUri('com', sandbox.regions.com.apps[kind].clientId, redirectUri)
  return { redirectUri, port }
}

class RecordingLogger implements Logger {
  readonly lines: string[] = []
  log(level: LogLevel, message: string, fields?: LogFields): void {
    this.lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
  }
}

/** What the simulated user's browser saw. */
interface BrowserSession {
  consent?: ConsentOutcome
  callbackPage?: HttpResult
}

/**
 * A browser that approves (or denies) on the sandbox's consent page, then follows the redirect
 * back to the loopback server with a real GET, as a browser would.
 */
function consentingBrowser(
  options: {
    decision?: 'approve' | 'deny'
    /** Changes the redirect before the browser follows it (to forge a state, say). */
    rewrite?: (redirectedTo: string) => string
    /** Runs first, while the flow waits (to probe the loopback server). */
    before?: (authorizeUrl: string) => Promise<void>
    /** Sent with the request back to the loopback server (Accept-Language, say). */
    headers?: Record<string, string>
    /** Runs after the (possibly rewritten) redirect was followed, before returning. */
    after?: (redirectedTo: string) => Promise<void>
  } = {},
): { browser: RecordingBrowser; session: BrowserSession } {
  const session: BrowserSession = {}
  const browser = new RecordingBrowser({
    onOpen: async (url) => {
      await options.before?.(url)
      session.consent = await completeConsent(
        url,
        options.decision ? { decision: options.decision } : {},
      )
      const target = options.rewrite
        ? options.rewrite(session.consent.redirectedTo)
        : session.consent.redirectedTo
      session.callbackPage = await httpRequest(
        target,
        options.headers ? { headers: options.headers } : {},
      )
      await options.after?.(session.consent.redirectedTo)
    },
  })
  return { browser, session }
}

const ipv6 = await hasIpv6Loopback()

function requestsSince(seq: number): RecordedRequest[] {
  return sandbox.requests.filter((request) => request.seq > seq)
}

function lastSeq(): number {
  return sandbox.requests.at(-1)?.seq ?? 0
}

function tokenRequests(since: number): RecordedRequest[] {
  return requestsSince(since).filter((r) => r.method === 'POST' && r.path === tokenPath)
}

function expectFreshTokens(tokens: TokenSet): void {
  expect(tokens.accessToken).toMatch(/^czu_[A-Za-z0-9]+$/)
  expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9]{20,}$/)
  // An absolute time: 15 minutes after the sandbox's clock (seconds precision), not ours.
  const expected = sandbox.clock.now() + fifteenMinutes
  expect(Math.abs(tokens.accessTokenExpiresAt - expected)).toBeLessThan(3_000)
  expect(tokens.refreshTokenExpiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000)
}

function expectNoSecretIn(texts: string[], secrets: (string | undefined)[]): void {
  const all = texts.join('\n')
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue
    expect(all).not.toContain(secret)
  }
}

function baseRequest(redirectUri: string, kind: AppKind): BrowserSignInRequest {
  const app = sandbox.regions.com.apps[kind]
  const request: BrowserSignInRequest = { endpoints, clientId: app.clientId, redirectUri }
  if (kind === 'web') request.clientSecret = app.clientSecret ?? ''
  return request
}

// ---------------------------------------------------------------------------------------------
// Successful sign-ins

/** Records the progress of a sign-in; `reached(stage)` resolves once that stage was reported. */
function recordProgress(): {
  progress: BrowserFlowProgress[]
  onProgress: (event: BrowserFlowProgress) => void
  reached: (stage: BrowserFlowProgress['stage']) => Promise<void>
} {
  const progress: BrowserFlowProgress[] = []
  const waiting: { stage: BrowserFlowProgress['stage']; resolve: () => void }[] = []
  return {
    progress,
    onProgress(event) {
      progress.push(event)
      for (const waiter of waiting.filter((candidate) => candidate.stage === event.stage)) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.resolve()
      }
    },
    reached(stage) {
      if (progress.some((event) => event.stage === stage)) return Promise.resolve()
      return new Promise((resolve) => waiting.push({ stage, resolve }))
    },
  }
}

describe('signInWithBrowser: successful sign-ins', () => {
  it('PKCE with S256 by default: tokens, a verifier and no secret at the token step', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const since = lastSeq()
    const progress: BrowserFlowProgress[] = []
    const logger = new RecordingLogger()
    const { browser, session } = consentingBrowser()

    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock, logger },
      { ...baseRequest(redirectUri, 'pkce'), onProgress: (p) => progress.push(p) },
    )
    await browser.settled()
    expect(browser.errors).toEqual([])

    expectFreshTokens(tokens)
    expect(browser.urls).toHaveLength(1)
    const authorizeUrl = new URL(browser.urls[0] ?? '')
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(
      `${endpoints.webBase}/api/permission/oauth2/authorize`,
    )
    const query = Object.fromEntries(authorizeUrl.searchParams)
    expect(Object.keys(query).sort()).toEqual([
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'redirect_uri',
      'response_type',
      'state',
    ])
    expect(query.code_challenge_method).toBe('S256')
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(query.redirect_uri).toBe(redirectUri)
    expect(query.state?.length).toBeGreaterThanOrEqual(22)

    expect(progress).toEqual([
      { stage: 'waiting-for-browser', authorizeUrl: browser.urls[0] },
      { stage: 'browser-opened' },
      { stage: 'exchanging' },
    ])

    const [exchange, ...more] = tokenRequests(since)
    expect(more).toEqual([])
    expect(exchange?.status).toBe(200)
    expect(exchange?.bodyKeys.sort()).toEqual([
      'client_id',
      'code',
      'code_verifier',
      'grant_type',
      'redirect_uri',
    ])
    expect(exchange?.authorization).toBeNull()

    const page = session.callbackPage
    expect(page?.status).toBe(200)
    expect(page?.body).toContain('You are signed in')
    expect(page?.headers['cache-control']).toBe('no-store')
    expect(page?.headers['referrer-policy']).toBe('no-referrer')
    const code = session.consent?.code ?? undefined
    expect(code).toMatch(/^code_/)
    expectNoSecretIn([page?.body ?? ''], [code, tokens.accessToken, tokens.refreshToken])
    expectNoSecretIn(logger.lines, [code, tokens.accessToken, tokens.refreshToken])
    expect(await isPortFree(port)).toBe(true)
  })

  it('PKCE with plain when the profile asks for it', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const since = lastSeq()
    const { browser } = consentingBrowser()
    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      { ...baseRequest(redirectUri, 'pkce'), codeChallengeMethod: 'plain' },
    )
    expectFreshTokens(tokens)
    const query = new URL(browser.urls[0] ?? '').searchParams
    expect(query.get('code_challenge_method')).toBe('plain')
    // With plain the challenge is the verifier itself: 64 characters from the RFC 7636 set.
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9\-._~]{64}$/)
    expect(tokenRequests(since)[0]?.bodyKeys).toContain('code_verifier')
    expect(await isPortFree(port)).toBe(true)
  })

  it('web code flow: the secret only as Bearer at the token step, no PKCE anywhere', async () => {
    const { redirectUri, port } = await registeredRedirect('web')
    const secret = sandbox.regions.com.apps.web.clientSecret ?? ''
    expect(secret.length).toBeGreaterThan(10)
    const since = lastSeq()
    const progress: BrowserFlowProgress[] = []
    const logger = new RecordingLogger()
    const { browser, session } = consentingBrowser()

    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock, logger },
      { ...baseRequest(redirectUri, 'web'), onProgress: (p) => progress.push(p) },
    )
    await browser.settled()
    expectFreshTokens(tokens)

    const query = Object.fromEntries(new URL(browser.urls[0] ?? '').searchParams)
    expect(Object.keys(query).sort()).toEqual([
      'client_id',
      'redirect_uri',
      'response_type',
      'state',
    ])
    const authorize = requestsSince(since).find((r) => r.path.endsWith('/authorize'))
    expect(authorize?.authorization).toBeNull()
    expect(Object.keys(authorize?.query ?? {})).not.toContain('client_secret')

    const [exchange, ...more] = tokenRequests(since)
    expect(more).toEqual([])
    expect(exchange?.status).toBe(200)
    expect(exchange?.authorization).toEqual({ scheme: 'Bearer', length: secret.length })
    expect(exchange?.bodyKeys.sort()).toEqual(['client_id', 'code', 'grant_type', 'redirect_uri'])

    expect(session.callbackPage?.status).toBe(200)
    expectNoSecretIn(
      [
        ...browser.urls,
        JSON.stringify(progress),
        session.callbackPage?.body ?? '',
        ...logger.lines,
      ],
      [secret],
    )
    expect(await isPortFree(port)).toBe(true)
  })

  it('workspace-scoped authorize: the workspace path, and a token limited to it', async () => {
    const { redirectUri } = await registeredRedirect('pkce')
    const since = lastSeq()
    const { browser } = consentingBrowser()
    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      { ...baseRequest(redirectUri, 'pkce'), workspaceId: aliceTeamWorkspace },
    )
    expectFreshTokens(tokens)
    expect(new URL(browser.urls[0] ?? '').pathname).toBe(
      `/api/permission/oauth2/workspace_id/${aliceTeamWorkspace}/authorize`,
    )
    expect(
      requestsSince(since).some((r) => r.path.includes(`/workspace_id/${aliceTeamWorkspace}/`)),
    ).toBe(true)
    const response = await fetch(`${endpoints.apiBase}/v1/workspaces?page_num=1&page_size=50`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    const body = (await response.json()) as { data: { workspaces: { id: string }[] } }
    expect(body.data.workspaces.map((w) => w.id)).toEqual([aliceTeamWorkspace])
  })

  it('works with a localhost redirect URI (bound on 127.0.0.1)', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce', 'localhost')
    const { browser, session } = consentingBrowser()
    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      baseRequest(redirectUri, 'pkce'),
    )
    expectFreshTokens(tokens)
    expect(session.consent?.redirectedTo.startsWith(`http://localhost:${port}/callback?`)).toBe(
      true,
    )
    expect(await isPortFree(port)).toBe(true)
  })

  it('answers other paths with 404 while waiting, and the sign-in goes on', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const probes: HttpResult[] = []
    const { browser } = consentingBrowser({
      // The server is already listening when the browser opens.
      before: async () => {
        probes.push(await httpRequest(`http://127.0.0.1:${port}/favicon.ico`))
        probes.push(await httpRequest(`http://127.0.0.1:${port}/somewhere?code=x`))
      },
    })
    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      baseRequest(redirectUri, 'pkce'),
    )
    await browser.settled()
    expect(browser.errors).toEqual([])
    expect(probes.map((p) => p.status)).toEqual([404, 404])
    expect(probes[0]?.body).toContain('Nothing here')
    expectFreshTokens(tokens)
  })

  it.runIf(ipv6)(
    'works with a localhost redirect URI when the browser reaches it over ::1',
    async () => {
      const { redirectUri, port } = await registeredRedirect('pkce', 'localhost')
      let page: { status: number; body: string } | undefined
      const browser = new RecordingBrowser({
        onOpen: async (url) => {
          const consent = await completeConsent(url)
          const target = new URL(consent.redirectedTo)
          // What a browser that resolved localhost to ::1 sends.
          page = await getVia('::1', port, target.pathname + target.search, {
            Host: `localhost:${port}`,
          })
        },
      })
      const tokens = await signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest(redirectUri, 'pkce'), timeoutMs: 5000 },
      )
      await browser.settled()
      expect(browser.errors).toEqual([])
      expectFreshTokens(tokens)
      expect(page?.status).toBe(200)
      expect(await isPortFree(port)).toBe(true)
    },
  )

  it('shows the pages in the language of the browser when no locale is given', async () => {
    const { redirectUri } = await registeredRedirect('pkce')
    const { browser, session } = consentingBrowser({
      headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    })
    await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      baseRequest(redirectUri, 'pkce'),
    )
    await browser.settled()
    expect(session.callbackPage?.body).toContain('<html lang="zh-CN">')
    expect(session.callbackPage?.body).toContain('登录成功')
  })

  it('shows the pages in Chinese for zh-CN', async () => {
    const { redirectUri } = await registeredRedirect('pkce')
    const { browser, session } = consentingBrowser()
    await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      { ...baseRequest(redirectUri, 'pkce'), locale: 'zh-CN' },
    )
    await browser.settled()
    expect(session.callbackPage?.body).toContain('<html lang="zh-CN">')
    expect(session.callbackPage?.body).toContain('登录成功')
    expect(session.callbackPage?.body).not.toContain('You are signed in')
  })
})

// ---------------------------------------------------------------------------------------------
// Failures

describe('signInWithBrowser: failures', () => {
  it('denied consent: ACCESS_DENIED, the browser is told how to retry, no exchange', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const since = lastSeq()
    const { browser, session } = consentingBrowser({ decision: 'deny' })
    const error = await rejectionOf(
      signInWithBrowser({ oauth, browser, clock: systemClock }, baseRequest(redirectUri, 'pkce')),
    )
    await browser.settled()
    expect(error.code).toBe('ACCESS_DENIED')
    expect(session.consent?.error).toBe('access_denied')
    expect(session.callbackPage?.body).toContain('Authorization declined')
    expect(session.callbackPage?.body).toContain('choose Authorize')
    expect(tokenRequests(since)).toEqual([])
    expect(await isPortFree(port)).toBe(true)
  })

  it('denied consent in Chinese', async () => {
    const { redirectUri } = await registeredRedirect('web')
    sandbox.faults.denyConsent('com', 1)
    const { browser, session } = consentingBrowser()
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest(redirectUri, 'web'), locale: 'zh-CN' },
      ),
    )
    await browser.settled()
    expect(error.code).toBe('ACCESS_DENIED')
    expect(session.callbackPage?.body).toContain('授权已被拒绝')
  })

  it('a wrong state is ignored: the page says so, the code is not used, and the right answer still signs in', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const since = lastSeq()
    const progress: BrowserFlowProgress[] = []
    let tokensBeforeRightAnswer: RecordedRequest[] | undefined
    let rightPage: HttpResult | undefined
    const { browser, session } = consentingBrowser({
      rewrite: (to) => {
        const url = new URL(to)
        url.searchParams.set('state', 'forged-state')
        return url.toString()
      },
      // Then the real redirect arrives, as the right tab would bring it.
      after: async (redirectedTo) => {
        tokensBeforeRightAnswer = tokenRequests(since)
        rightPage = await httpRequest(redirectedTo)
      },
    })
    const tokens = await signInWithBrowser(
      { oauth, browser, clock: systemClock },
      { ...baseRequest(redirectUri, 'pkce'), onProgress: (p) => progress.push(p) },
    )
    await browser.settled()
    expect(browser.errors).toEqual([])
    expectFreshTokens(tokens)
    expect(session.callbackPage?.status).toBe(400)
    expect(session.callbackPage?.body).toContain('does not belong to the current sign-in')
    expect(session.callbackPage?.body).toContain('STATE_MISMATCH')
    expect(session.callbackPage?.body).not.toContain(session.consent?.code ?? 'none')
    expect(tokensBeforeRightAnswer).toEqual([])
    expect(rightPage?.status).toBe(200)
    expect(tokenRequests(since)).toHaveLength(1)
    expect(progress.map((p) => p.stage)).toEqual([
      'waiting-for-browser',
      'browser-opened',
      'ignored-callback',
      'exchanging',
    ])
    expect(progress[2]).toEqual({ stage: 'ignored-callback', reason: 'state-mismatch' })
    expect(await isPortFree(port)).toBe(true)
  })

  it('a forged answer cannot end the sign-in: with only forged answers it times out, no exchange', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const since = lastSeq()
    const progress: BrowserFlowProgress[] = []
    const pages: HttpResult[] = []
    const browser = new RecordingBrowser({
      onOpen: async () => {
        // Any web page the user has open can make the browser do these.
        pages.push(await httpRequest(`http://127.0.0.1:${port}/callback?state=x`))
        pages.push(await httpRequest(`http://127.0.0.1:${port}/callback?error=access_denied`))
        pages.push(await httpRequest(`http://127.0.0.1:${port}/callback?error=x&state=y`))
      },
    })
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        {
          ...baseRequest(redirectUri, 'pkce'),
          timeoutMs: 400,
          onProgress: (p) => progress.push(p),
        },
      ),
    )
    await browser.settled()
    expect(browser.errors).toEqual([])
    expect(error.code).toBe('TIMEOUT')
    expect(pages.map((p) => p.status)).toEqual([400, 400, 400])
    expect(pages[1]?.body).toContain('does not belong to the current sign-in')
    expect(progress.filter((p) => p.stage === 'ignored-callback')).toEqual([
      { stage: 'ignored-callback', reason: 'state-mismatch' },
      { stage: 'ignored-callback', reason: 'missing-state' },
      { stage: 'ignored-callback', reason: 'state-mismatch' },
    ])
    expect(tokenRequests(since)).toEqual([])
    expect(await isPortFree(port)).toBe(true)
  })

  it('a port already in use: PORT_IN_USE naming it, and the browser is never opened', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const squatter = createServer()
    occupied.push(squatter)
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve))
    const browser = new RecordingBrowser()
    const error = await rejectionOf(
      signInWithBrowser({ oauth, browser, clock: systemClock }, baseRequest(redirectUri, 'pkce')),
    )
    expect(error.code).toBe('PORT_IN_USE')
    expect(error.message).toContain(`Port ${port}`)
    expect(browser.urls).toEqual([])
  })

  it('times out when the browser never comes back', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    let markOpened: () => void = () => {}
    const opened = new Promise<void>((resolve) => (markOpened = resolve))
    const browser = new RecordingBrowser({ onOpen: () => markOpened() })
    // The timeout is the test clock's sleep, and it ends once the browser has been opened: the
    // time runs out while the sign-in waits for the browser, whatever the machine's speed.
    const clock = createTestClock({ onSleep: () => opened })
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock },
        { ...baseRequest(redirectUri, 'pkce'), timeoutMs: 300 },
      ),
    )
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toContain('took too long')
    expect(error.message).toContain('Start the sign-in again')
    // The clock's only sleeps: the sign-in's timeout and the wait before the no-answer hint.
    expect([...clock.sleeps].sort((a, b) => a - b)).toEqual([300, defaultNoAnswerHintMs])
    expect(browser.urls).toHaveLength(1)
    expect(await isPortFree(port)).toBe(true)
  })

  it('is cancelled through the signal while it waits, and the port is free again', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const controller = new AbortController()
    // The browser is open, so the sign-in is waiting for it, with the default timeout of five
    // minutes: only the cancel can end it within the test's timeout.
    const browser = new RecordingBrowser({ onOpen: () => controller.abort() })
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest(redirectUri, 'pkce'), signal: controller.signal },
      ),
    )
    expect(error.code).toBe('CANCELLED')
    expect(browser.urls).toHaveLength(1)
    expect(await isPortFree(port)).toBe(true)
  })

  it('an already aborted signal: CANCELLED before anything listens or opens', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const controller = new AbortController()
    controller.abort()
    const browser = new RecordingBrowser()
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest(redirectUri, 'pkce'), signal: controller.signal },
      ),
    )
    expect(error.code).toBe('CANCELLED')
    expect(browser.urls).toEqual([])
    expect(await isPortFree(port)).toBe(true)
  })

  it('a redirect URI that differs from the registered one: Coze stops at authorize, the flow waits until cancelled', async () => {
    // Registered as 127.0.0.1, used as localhost: Coze (the sandbox) shows its own error page at
    // the authorize step and never redirects back, so nothing reaches the loopback server. The
    // flow cannot tell this from a user who is slow to click; it waits for the timeout or, as
    // here, a cancel.
    const port = await freePort()
    sandbox.registerRedirectUri(
      'com',
      sandbox.regions.com.apps.pkce.clientId,
      `http://127.0.0.1:${port}/callback`,
    )
    const controller = new AbortController()
    let authorizePage: HttpResult | undefined
    const browser = new RecordingBrowser({
      onOpen: async (url) => {
        authorizePage = await httpRequest(url)
        controller.abort()
      },
    })
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        {
          ...baseRequest(`http://localhost:${port}/callback`, 'pkce'),
          signal: controller.signal,
        },
      ),
    )
    await browser.settled()
    expect(authorizePage?.status).toBe(400)
    expect(pageError(authorizePage?.body ?? '')).toMatch(/redirect_uri/)
    expect(error.code).toBe('CANCELLED')
    expect(await isPortFree(port)).toBe(true)
  })

  it('the token endpoint answering a web page: INVALID_RESPONSE, and the browser is told', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    // A proxy or captive portal answering 200 with HTML. (A 5xx HTML gateway page counts as
    // SERVER_ERROR in HttpClient; see the next test.)
    sandbox.faults.next('com', { kind: 'html', path: tokenPath, status: 200 })
    const { browser, session } = consentingBrowser()
    const error = await rejectionOf(
      signInWithBrowser({ oauth, browser, clock: systemClock }, baseRequest(redirectUri, 'pkce')),
    )
    await browser.settled()
    expect(error.code).toBe('INVALID_RESPONSE')
    expect(session.callbackPage?.status).toBe(400)
    expect(session.callbackPage?.body).toContain('Coze&#39;s answer was not understood')
    expect(session.callbackPage?.body).toContain('INVALID_RESPONSE')
    expect(await isPortFree(port)).toBe(true)
  })

  it('a 502 gateway page from the token endpoint: SERVER_ERROR', async () => {
    const { redirectUri } = await registeredRedirect('pkce')
    sandbox.faults.next('com', { kind: 'html', path: tokenPath })
    const { browser, session } = consentingBrowser()
    const error = await rejectionOf(
      signInWithBrowser({ oauth, browser, clock: systemClock }, baseRequest(redirectUri, 'pkce')),
    )
    await browser.settled()
    expect(error.code).toBe('SERVER_ERROR')
    expect(session.callbackPage?.body).toContain('Coze had a problem')
  })

  it('the token endpoint failing with 500: SERVER_ERROR, and the browser is told', async () => {
    const { redirectUri, port } = await registeredRedirect('web')
    sandbox.faults.next('com', { kind: 'http500', path: tokenPath })
    const { browser, session } = consentingBrowser()
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest(redirectUri, 'web'), locale: 'zh-CN' },
      ),
    )
    await browser.settled()
    expect(error.code).toBe('SERVER_ERROR')
    expect(session.callbackPage?.body).toContain('扣子出现问题')
    expect(await isPortFree(port)).toBe(true)
  })

  it('a wrong client secret: INVALID_CLIENT, and the secret appears nowhere', async () => {
    const { redirectUri, port } = await registeredRedirect('web')
    const wrongSecret = 'wrong-secret-value-1234567890'
    const logger = new RecordingLogger()
    const { browser, session } = consentingBrowser()
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock, logger },
        { ...baseRequest(redirectUri, 'web'), clientSecret: wrongSecret },
      ),
    )
    await browser.settled()
    expect(error.code).toBe('INVALID_CLIENT')
    expectNoSecretIn(
      [
        error.message,
        JSON.stringify(error.params),
        session.callbackPage?.body ?? '',
        ...logger.lines,
      ],
      [wrongSecret, session.consent?.code ?? undefined],
    )
    expect(await isPortFree(port)).toBe(true)
  })

  it('a browser that cannot be opened: the sign-in says so and waits for the address opened by hand', async () => {
    const { redirectUri, port } = await registeredRedirect('web')
    const secret = sandbox.regions.com.apps.web.clientSecret ?? ''
    const logger = new RecordingLogger()
    const recorder = recordProgress()
    const { progress } = recorder
    const browser = new RecordingBrowser({ failWith: new Error('no browser installed') })
    const signingIn = signInWithBrowser(
      { oauth, browser, clock: systemClock, logger },
      { ...baseRequest(redirectUri, 'web'), onProgress: recorder.onProgress },
    )
    await recorder.reached('browser-open-failed')
    expect(progress.map((p) => p.stage)).toEqual(['waiting-for-browser', 'browser-open-failed'])
    expect(browser.urls).toHaveLength(1)
    // Still listening: the person opens the address the window shows in a browser of their own.
    expect(await isPortFree(port)).toBe(false)
    const first = progress[0]
    const authorizeUrl = first?.stage === 'waiting-for-browser' ? first.authorizeUrl : ''
    expect(authorizeUrl).toBe(browser.urls[0])
    const consent = await completeConsent(authorizeUrl)
    const page = await httpRequest(consent.redirectedTo)
    expectFreshTokens(await signingIn)
    expect(page.status).toBe(200)
    expect(progress.at(-1)).toEqual({ stage: 'exchanging' })
    expect(logger.lines.some((line) => line.startsWith('warn sign-in: could not open'))).toBe(true)
    expectNoSecretIn(logger.lines, [secret])
    expect(await isPortFree(port)).toBe(true)
  })

  it('a launcher failing like spawn: the log keeps only its name and code, not the URL', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const logger = new RecordingLogger()
    const recorder = recordProgress()
    let state = ''
    const browser: BrowserLauncher = {
      open(url) {
        state = new URL(url).searchParams.get('state') ?? ''
        // What child_process gives for a missing xdg-open: the arguments carry the URL.
        const failure = Object.assign(new Error(`spawn xdg-open ENOENT ${url}`), {
          code: 'ENOENT',
          errno: -2,
          syscall: 'spawn xdg-open',
          path: 'xdg-open',
          spawnargs: [url],
        })
        return Promise.reject(failure)
      },
    }
    const controller = new AbortController()
    const signingIn = rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock, logger },
        {
          ...baseRequest(redirectUri, 'pkce'),
          codeChallengeMethod: 'plain',
          signal: controller.signal,
          onProgress: recorder.onProgress,
        },
      ),
    )
    await recorder.reached('browser-open-failed')
    controller.abort()
    const error = await signingIn
    expect(error.code).toBe('CANCELLED')
    expect(state.length).toBeGreaterThan(20)
    const logged = logger.lines.find((line) => line.includes('could not open the browser'))
    expect(logged).toContain('"error":"Error"')
    expect(logged).toContain('"errorCode":"ENOENT"')
    const everything = [inspect(error, { depth: 10 }), JSON.stringify(error), ...logger.lines]
    expectNoSecretIn(everything, [state])
    expect(everything.join('\n')).not.toContain('code_challenge')
    expect(await isPortFree(port)).toBe(true)
  })

  it('a launcher that throws at once is reported as a failed launch too, and the flow waits on', async () => {
    const { redirectUri, port } = await registeredRedirect('pkce')
    const recorder = recordProgress()
    const { progress } = recorder
    const browser: BrowserLauncher = {
      open() {
        throw new TypeError('not a function')
      },
    }
    const controller = new AbortController()
    const signingIn = rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        {
          ...baseRequest(redirectUri, 'pkce'),
          signal: controller.signal,
          onProgress: recorder.onProgress,
        },
      ),
    )
    await recorder.reached('browser-open-failed')
    expect(await isPortFree(port)).toBe(false)
    controller.abort()
    expect((await signingIn).code).toBe('CANCELLED')
    expect(progress.map((p) => p.stage)).toEqual(['waiting-for-browser', 'browser-open-failed'])
  })

  it('a browser that opens after the sign-in ended reports nothing more', async () => {
    const { redirectUri } = await registeredRedirect('pkce')
    const progress: BrowserFlowProgress[] = []
    let openBrowser: () => void = () => {}
    const browser: BrowserLauncher = {
      open: () => new Promise<void>((resolve) => (openBrowser = resolve)),
    }
    const controller = new AbortController()
    let markWaiting: () => void = () => {}
    const waiting = new Promise<void>((resolve) => (markWaiting = resolve))
    const signingIn = rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        {
          ...baseRequest(redirectUri, 'pkce'),
          signal: controller.signal,
          onProgress: (p) => {
            progress.push(p)
            markWaiting()
          },
        },
      ),
    )
    await waiting
    controller.abort()
    expect((await signingIn).code).toBe('CANCELLED')
    openBrowser()
    // Everything the late answer sets off runs on promise continuations.
    await drainMicrotasks()
    expect(progress.map((p) => p.stage)).toEqual(['waiting-for-browser'])
  })

  it.each([
    ['a public redirect URI', { redirectUri: 'http://example.com:8080/callback' }],
    ['an https redirect URI', { redirectUri: 'https://127.0.0.1:8080/callback' }],
    ['an empty client ID', { clientId: '' }],
    ['an empty client secret', { clientSecret: '' }],
    ['PKCE options on a web app', { clientSecret: 's', codeChallengeMethod: 'S256' as const }],
    ['a zero timeout', { timeoutMs: 0 }],
    ['a no-answer hint that is not a positive time', { noAnswerHintMs: Number.NaN }],
  ])('refuses %s before opening anything', async (_what, change) => {
    const browser = new RecordingBrowser()
    const error = await rejectionOf(
      signInWithBrowser(
        { oauth, browser, clock: systemClock },
        { ...baseRequest('http://127.0.0.1:8080/callback', 'pkce'), ...change },
      ),
    )
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(browser.urls).toEqual([])
  })
})

/** A GET to one exact address (`::1` included), with the Host header a browser would send. */
function getVia(
  address: string,
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return rawRequest({ address, port, path, headers })
}
