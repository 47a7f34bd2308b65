/**
 * The device-code sign-in, end to end over real HTTP against the sandbox (127.0.0.1, random
 * ports). Time is a test clock that drags the sandbox clock along, so five minutes of polling take
 * milliseconds; the one real-time test proves that a cancel ends a real sleep rather than waiting it
 * out. Nothing here waits on a timer: "nothing more happens" is checked by showing that an ended
 * flow holds no sleep and no request (expectNothingLeft).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppError } from '../../../../src/main/core/errors'
import {
  AccessDeniedError,
  CancelledError,
  DeviceCodeExpiredError,
  InvalidGrantError,
} from '../../../../src/main/core/errors'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import type { LogFields, Logger, LogLevel } from '../../../../src/main/core/logger'
import { signInWithDevice } from '../../../../src/main/core/oauth/device-flow'
import type {
  DeviceCodeShown,
  DeviceFlowProgress,
  DeviceSignInRequest,
} from '../../../../src/main/core/oauth/device-flow'
import { CozeOAuthClient } from '../../../../src/main/core/oauth/token-client'
import type {
  DeviceCodeGrant,
  DevicePollOutcome,
  TokenSet,
} from '../../../../src/main/core/oauth/token-client'
import type { BrowserLauncher, FetchLike } from '../../../../src/main/core/ports'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import { resolveEndpoints } from '../../../../src/main/core/regions'
import { startSandbox, submitDeviceDecision } from '../../../sandbox/index'
import type { FaultSpec, RecordedRequest, RegionName, Sandbox } from '../../../sandbox/index'
import { createTestClock } from '../../../support/test-clock'
import type { TestClock, TestClockOptions } from '../../../support/test-clock'
import { rejectionOf } from '../../../support/errors'
import { drainMicrotasks } from '../../../support/microtasks'

const tokenPath = '/api/permission/oauth2/token'
const deviceCodePath = '/api/permission/oauth2/device/code'
/** The sandbox's device-code lifetime (LIFETIMES.deviceCode) and access-token lifetime. */
const codeLifetimeMs = 300_000
const accessTokenLifetimeMs = 900_000
/** Bob's team workspace in the default fixture; Alice is not a member. */
const bobTeamWorkspace = '7420000000000000001'
const bobUserId = '7401000000000000002'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ ports: { com: 0, cn: 0 }, frozenClock: true })
})

afterAll(async () => {
  await sandbox.stop()
})

afterEach(() => {
  sandbox.faults.clear()
})

interface LogLine {
  level: LogLevel
  message: string
  fields?: LogFields
}

interface HarnessOptions {
  region?: RegionName
  /** Rewrites the `interval` of the device-code answer: the sandbox always says 5. */
  serverInterval?: number
  /** Test clock options; `follower` defaults to the sandbox clock (pass null for none). */
  clock?: Omit<TestClockOptions, 'follower'> & { follower?: TestClockOptions['follower'] | null }
  browser?: BrowserLauncher
  /** HttpClient timeout. */
  timeoutMs?: number
}

interface Harness {
  clock: TestClock
  endpoints: RegionEndpoints
  clientId: string
  opened: string[]
  progress: DeviceFlowProgress[]
  logs: LogLine[]
  /** Device codes the sandbox handed out to this harness (read off the wire, for secret checks). */
  deviceCodes: string[]
  /** Requests of this harness whose fetch has not settled yet. */
  readonly inFlight: number
  /** The code-ready event; throws when there was none yet. */
  shown(): DeviceCodeShown
  /** Runs the flow; progress events are recorded, then passed on to `onProgress` if given. */
  run(request?: Partial<DeviceSignInRequest>): Promise<TokenSet>
  /** Requests this harness caused, optionally only those to one path. */
  requests(path?: string): RecordedRequest[]
  /** Approves (or denies) the code on the sandbox's activation page, as a person would. */
  decide(decision?: 'approve' | 'deny', userId?: string): Promise<void>
}

function setUp(options: HarnessOptions = {}): Harness {
  const region = options.region ?? 'com'
  const sandboxRegion = sandbox.regions[region]
  const firstSeq = sandbox.requests.at(-1)?.seq ?? 0
  const { follower: chosenFollower, ...clockOptions } = options.clock ?? {}
  const follower = chosenFollower === undefined ? sandbox.clock : chosenFollower
  const clock = createTestClock({
    ...clockOptions,
    start: clockOptions.start ?? sandbox.clock.now(),
    ...(follower === null ? {} : { follower }),
  })
  const opened: string[] = []
  const progress: DeviceFlowProgress[] = []
  const logs: LogLine[] = []
  const deviceCodes: string[] = []
  let inFlight = 0
  const logger: Logger = {
    log(level, message, fields) {
      logs.push(fields === undefined ? { level, message } : { level, message, fields })
    },
  }
  const browser: BrowserLauncher = options.browser ?? {
    open(url) {
      opened.push(url)
      return Promise.resolve()
    },
  }
  const fetchImpl: FetchLike = async (input, init) => {
    // The one way out of the process: make sure it stays on this machine.
    if (new URL(input).hostname !== '127.0.0.1') throw new Error(`test tried to reach ${input}`)
    inFlight += 1
    let response: Response
    try {
      response = await fetch(input, init)
    } finally {
      inFlight -= 1
    }
    if (!new URL(input).pathname.endsWith('/device/code') || !response.ok) return response
    const body = (await response.json()) as Record<string, unknown>
    if (typeof body.device_code === 'string') deviceCodes.push(body.device_code)
    if (options.serverInterval !== undefined) body.interval = options.serverInterval
    const headers = new Headers({ 'content-type': 'application/json' })
    const logId = response.headers.get('x-tt-logid')
    if (logId !== null) headers.set('x-tt-logid', logId)
    return new Response(JSON.stringify(body), { status: response.status, headers })
  }
  const http = new HttpClient({ fetch: fetchImpl, timeoutMs: options.timeoutMs ?? 5000 })
  const oauth = new CozeOAuthClient(http, clock)
  // Both regions on the sandbox: an override for one only would be refused.
  const endpoints = resolveEndpoints(region, {
    overrides: {
      com: { apiBase: sandbox.regions.com.apiBase },
      cn: { apiBase: sandbox.regions.cn.apiBase },
    },
  })
  const clientId = sandboxRegion.apps.device.clientId

  const harness: Harness = {
    clock,
    endpoints,
    clientId,
    opened,
    progress,
    logs,
    deviceCodes,
    get inFlight() {
      return inFlight
    },
    shown() {
      const ready = progress.find((event) => event.stage === 'code-ready')
      if (!ready || ready.stage !== 'code-ready') throw new Error('no code-ready event yet')
      return ready
    },
    run(request = {}) {
      const { onProgress, ...rest } = request
      return signInWithDevice(
        { oauth, browser, clock, logger },
        {
          endpoints,
          clientId,
          ...rest,
          onProgress(event) {
            progress.push(event)
            onProgress?.(event)
          },
        },
      )
    },
    requests(path) {
      return sandbox.requests.filter(
        (request) => request.seq > firstSeq && (path === undefined || request.path === path),
      )
    },
    async decide(decision = 'approve', userId) {
      const shown = harness.shown()
      const result = await submitDeviceDecision(shown.verificationUri, shown.userCode, {
        decision,
        ...(userId === undefined ? {} : { userId }),
      })
      if (result.result !== (decision === 'approve' ? 'approved' : 'denied')) {
        throw new Error(`the activation page said ${result.status}: ${result.error ?? '?'}`)
      }
    },
  }
  return harness
}

/** Approves the code while the flow sleeps for the `index`-th time. */
function approveOnSleep(
  index: number,
  decision: 'approve' | 'deny' = 'approve',
  userId?: string,
): Pick<TestClockOptions, 'onSleep'> & { harness: (h: Harness) => void } {
  let target: Harness | undefined
  return {
    harness: (h) => {
      target = h
    },
    onSleep: async (_ms, sleepIndex) => {
      if (sleepIndex === index) await target?.decide(decision, userId)
    },
  }
}

/** A harness whose flow approves (or denies) during the `index`-th sleep. */
function setUpDeciding(
  index: number,
  options: HarnessOptions & { decision?: 'approve' | 'deny'; userId?: string } = {},
): Harness {
  const approver = approveOnSleep(index, options.decision, options.userId)
  const harness = setUp({ ...options, clock: { ...options.clock, onSleep: approver.onSleep } })
  approver.harness(harness)
  return harness
}

/**
 * Proves that a flow that has ended left nothing behind that could poll again: once every
 * continuation it queued has run, it holds no sleep and no request, and the sandbox has seen no
 * poll beyond `polls`. A leaked loop is always in one of those (its sleeps are instant), so this
 * needs no waiting.
 */
async function expectNothingLeft(harness: Harness, polls: number): Promise<void> {
  await drainMicrotasks()
  expect(harness.clock.pending).toBe(0)
  expect(harness.inFlight).toBe(0)
  expect(harness.requests(tokenPath)).toHaveLength(polls)
}

function pollingEvents(harness: Harness): { attempt: number; nextPollInMs: number }[] {
  return harness.progress.flatMap((event) =>
    event.stage === 'polling' ? [{ attempt: event.attempt, nextPollInMs: event.nextPollInMs }] : [],
  )
}

function retryEvents(harness: Harness): { reason: string; retryInMs: number }[] {
  return harness.progress.flatMap((event) =>
    event.stage === 'retrying' ? [{ reason: event.reason, retryInMs: event.retryInMs }] : [],
  )
}

/** No device code or token in any log line or in the error (the user code is not a secret). */
function expectNoSecrets(harness: Harness, extra: string[], error?: unknown): void {
  const secrets = [...harness.deviceCodes, ...extra].filter((secret) => secret !== '')
  expect(harness.deviceCodes.length).toBeGreaterThan(0)
  const texts = harness.logs.map((line) => JSON.stringify(line))
  if (error instanceof Error) {
    texts.push(error.message, JSON.stringify((error as Partial<AppError>).params ?? {}))
  }
  for (const text of texts) {
    for (const secret of secrets) expect(text).not.toContain(secret)
  }
}

describe('signInWithDevice against the sandbox', () => {
  it.each<RegionName>(['com', 'cn'])(
    'signs in on %s: code first, browser on the code URL, then tokens',
    async (region) => {
      const harness = setUpDeciding(3, { region })
      const start = harness.clock.now()
      let pollsWhenShown = -1
      const tokens = await harness.run({
        onProgress(event) {
          if (event.stage === 'code-ready') pollsWhenShown = harness.requests(tokenPath).length
        },
      })

      // The code reached the caller at once, before the first poll.
      expect(harness.progress[0]?.stage).toBe('code-ready')
      expect(pollsWhenShown).toBe(0)
      const shown = harness.shown()
      expect(shown.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/)
      expect(shown.verificationUri).toBe(sandbox.regions[region].deviceVerificationUri)
      expect(shown.verificationUrlWithCode).toBe(
        `${shown.verificationUri}?user_code=${shown.userCode}`,
      )
      expect(new URL(shown.verificationUrlWithCode).searchParams.get('user_code')).toBe(
        shown.userCode,
      )
      expect(shown.expiresAt).toBe(start + codeLifetimeMs)
      expect(harness.opened).toEqual([shown.verificationUrlWithCode])

      // Two polls said authorization_pending and the flow went on; the third got the tokens.
      const polls = harness.requests(tokenPath)
      expect(polls.map((poll) => poll.status)).toEqual([400, 400, 200])
      expect(harness.clock.sleeps).toEqual([5000, 5000, 5000])
      expect(pollingEvents(harness)).toEqual([
        { attempt: 1, nextPollInMs: 5000 },
        { attempt: 2, nextPollInMs: 5000 },
        { attempt: 3, nextPollInMs: 5000 },
      ])
      for (const poll of polls) {
        expect(poll.authorization).toBeNull()
        expect([...poll.bodyKeys].sort()).toEqual(['client_id', 'device_code', 'grant_type'])
      }
      expect(harness.requests(deviceCodePath)).toHaveLength(1)

      expect(tokens.accessToken).toMatch(/^czu_/)
      expect(tokens.refreshToken).toBeTruthy()
      // Coze sends an absolute Unix time in seconds; the TokenSet holds absolute ms.
      const expected = sandbox.clock.now() + accessTokenLifetimeMs
      expect(tokens.accessTokenExpiresAt).toBeLessThanOrEqual(expected)
      expect(tokens.accessTokenExpiresAt).toBeGreaterThan(expected - 1000)
      expect(tokens.logId).toBeTruthy()
      expectNoSecrets(harness, [tokens.accessToken, tokens.refreshToken ?? ''])
    },
  )

  it('keeps polling while the answer is authorization_pending', async () => {
    const harness = setUpDeciding(6)
    await harness.run()
    expect(harness.requests(tokenPath).map((poll) => poll.status)).toEqual([
      400, 400, 400, 400, 400, 200,
    ])
  })

  it('never polls faster than 5 s, even when the server asks for 1 s', async () => {
    const harness = setUpDeciding(4, { serverInterval: 1 })
    await harness.run()
    expect(harness.clock.sleeps).toEqual([5000, 5000, 5000, 5000])
    // Seen from the server: its clock follows ours, so the gaps between polls are the real pace.
    const at = harness.requests(tokenPath).map((poll) => poll.at)
    expect(at).toHaveLength(4)
    for (let i = 1; i < at.length; i += 1) {
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(5000)
    }
  })

  it('follows a server that asks for a slower pace (12 s)', async () => {
    const harness = setUpDeciding(2, { serverInterval: 12 })
    await harness.run()
    expect(harness.clock.sleeps).toEqual([12_000, 12_000])
  })

  it('slow_down twice: 10 s, then 15 s', async () => {
    sandbox.faults.slowDown('com', 2)
    const harness = setUpDeciding(1)
    await harness.run()
    expect(harness.clock.sleeps).toEqual([5000, 10_000, 15_000])
    expect(pollingEvents(harness).map((event) => event.nextPollInMs)).toEqual([
      5000, 10_000, 15_000,
    ])
    expect(harness.requests(tokenPath).map((poll) => poll.status)).toEqual([400, 400, 200])
  })

  it('slow_down again and again: stops growing at 30 s', async () => {
    sandbox.faults.slowDown('com', 8)
    const harness = setUpDeciding(1)
    await harness.run()
    expect(harness.clock.sleeps).toEqual([
      5000, 10_000, 15_000, 20_000, 25_000, 30_000, 30_000, 30_000, 30_000,
    ])
  })

  it('access_denied ends with ACCESS_DENIED and no more polls', async () => {
    const harness = setUpDeciding(2, { decision: 'deny' })
    const error = await rejectionOf(harness.run())
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.params?.serverCode).toBe('access_denied')
    expect(harness.requests(tokenPath)).toHaveLength(2)
    await expectNothingLeft(harness, 2)
    expectNoSecrets(harness, [], error)
  })

  it('a decision before the first poll is picked up by that poll', async () => {
    const harness = setUpDeciding(1, { decision: 'deny' })
    const error = await rejectionOf(harness.run())
    expect(error.code).toBe('ACCESS_DENIED')
    expect(harness.requests(tokenPath)).toHaveLength(1)
  })

  it('stops at the code’s expiry on its own clock, without waiting for the server', async () => {
    // No follower: the frozen sandbox clock never lets the code expire, so only the flow can stop.
    const harness = setUp({ clock: { follower: null } })
    const error = await rejectionOf(harness.run())
    expect(error).toBeInstanceOf(DeviceCodeExpiredError)
    expect(error.code).toBe('DEVICE_CODE_EXPIRED')
    expect(error.params?.serverCode).toBeUndefined()
    const polls = harness.requests(tokenPath)
    expect(polls.every((poll) => poll.status === 400)).toBe(true)
    // A poll every 5 s for 300 s; at 300 s the code is dead, so that poll is not made.
    expect(polls).toHaveLength(59)
    expect(harness.clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(codeLifetimeMs)
    expect(harness.clock.now()).toBe(harness.shown().expiresAt)
    await expectNothingLeft(harness, 59)
    expectNoSecrets(harness, [], error)
  })

  it('stops as soon as the time jumps past the expiry (sandbox clock moved too)', async () => {
    const harness: Harness = setUp({
      clock: {
        onSleep: (_ms, index) => {
          if (index === 3) harness.clock.advance(codeLifetimeMs)
        },
      },
    })
    const error = await rejectionOf(harness.run())
    expect(error.code).toBe('DEVICE_CODE_EXPIRED')
    expect(harness.requests(tokenPath)).toHaveLength(2)
    await expectNothingLeft(harness, 2)
    expect(harness.clock.sleeps).toHaveLength(3)
  })

  it('expired_token from the server ends with DEVICE_CODE_EXPIRED', async () => {
    // Only the sandbox's clock jumps: the server knows first.
    const harness = setUp({
      clock: {
        onSleep: (_ms, index) => {
          if (index === 2) sandbox.clock.advance(codeLifetimeMs / 1000 + 1)
        },
      },
    })
    const error = await rejectionOf(harness.run())
    expect(error).toBeInstanceOf(DeviceCodeExpiredError)
    expect(error.params?.serverCode).toBe('expired_token')
    expect(harness.requests(tokenPath)).toHaveLength(2)
    await expectNothingLeft(harness, 2)
  })

  it.each<[string, FaultSpec, string]>([
    ['an HTTP 500', { kind: 'http500' }, 'SERVER_ERROR'],
    ['an HTML 502 page', { kind: 'html' }, 'SERVER_ERROR'],
    ['an HTML page with status 200', { kind: 'html', status: 200 }, 'INVALID_RESPONSE'],
    ['a dropped connection', { kind: 'drop' }, 'NETWORK'],
  ])('retries after %s, then signs in', async (_name, fault, reason) => {
    sandbox.faults.next('com', { ...fault, path: tokenPath })
    const harness = setUpDeciding(2)
    const tokens = await harness.run()
    expect(tokens.accessToken).toMatch(/^czu_/)
    expect(retryEvents(harness)).toEqual([{ reason, retryInMs: 5000 }])
    expect(harness.requests(tokenPath).map((poll) => poll.fault)).toEqual([fault.kind, null])
    expect(harness.clock.sleeps).toEqual([5000, 5000])
    expect(
      harness.logs.some((line) => line.level === 'warn' && line.fields?.reason === reason),
    ).toBe(true)
  })

  it('retries after a request timeout, then signs in', async () => {
    sandbox.faults.next('com', { kind: 'latency', ms: 600, path: tokenPath })
    const harness = setUpDeciding(2, { timeoutMs: 150 })
    await harness.run()
    expect(retryEvents(harness)).toEqual([{ reason: 'TIMEOUT', retryInMs: 5000 }])
  })

  it('backs off while failures continue: 5 s, 10 s, 20 s', async () => {
    sandbox.faults.next('com', { kind: 'http500', count: 3, path: tokenPath })
    const harness = setUpDeciding(1)
    await harness.run()
    expect(retryEvents(harness)).toEqual([
      { reason: 'SERVER_ERROR', retryInMs: 5000 },
      { reason: 'SERVER_ERROR', retryInMs: 10_000 },
      { reason: 'SERVER_ERROR', retryInMs: 20_000 },
    ])
    expect(harness.clock.sleeps).toEqual([5000, 5000, 10_000, 20_000])
    expect(harness.requests(tokenPath).map((poll) => poll.status)).toEqual([500, 500, 500, 200])
  })

  it('a success resets the backoff', async () => {
    sandbox.faults.next('com', { kind: 'http500', count: 2, path: tokenPath })
    const harness = setUp({
      clock: {
        onSleep: (_ms, index) => {
          if (index === 4) sandbox.faults.next('com', { kind: 'http500', path: tokenPath })
          if (index === 6) return harness.decide()
        },
      },
    })
    await harness.run()
    // fail, fail (backoff 10 s), pending (back to 5 s), fail (5 s again, not 20 s), pending, ok.
    expect(harness.clock.sleeps).toEqual([5000, 5000, 10_000, 5000, 5000, 5000])
  })

  it('never waits past the code’s expiry while retrying', async () => {
    sandbox.faults.next('com', {
      kind: 'http500',
      count: Number.POSITIVE_INFINITY,
      path: tokenPath,
    })
    const harness = setUp()
    const error = await rejectionOf(harness.run())
    expect(error.code).toBe('DEVICE_CODE_EXPIRED')
    const sleeps = harness.clock.sleeps
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(codeLifetimeMs)
    expect(Math.max(...sleeps)).toBe(30_000)
    // 5+5+10+20 = 40 s, then 30 s pauses to 280 s; the last one is cut to the 20 s left.
    expect(sleeps.at(-1)).toBe(20_000)
    expect(retryEvents(harness).at(-1)?.retryInMs).toBe(30_000)
    const polls = harness.requests(tokenPath)
    expect(polls).toHaveLength(sleeps.length - 1)
    expect(polls.every((poll) => poll.fault === 'http500')).toBe(true)
    await expectNothingLeft(harness, polls.length)
  })

  it('cancel during a real-time sleep: CancelledError at once, no poll after', async () => {
    const controller = new AbortController()
    const harness = setUp({
      clock: { realTime: true, onSleepStart: () => controller.abort() },
    })
    const startedAt = harness.clock.now()
    const error = await rejectionOf(harness.run({ signal: controller.signal }))
    expect(error).toBeInstanceOf(CancelledError)
    expect(error.code).toBe('CANCELLED')
    // The sleep was for 5 s of real time. Had it run its course the clock would have moved by
    // 5 s; it stands still, so the cancel ended the sleep, not its timer.
    expect(harness.clock.sleeps).toEqual([5000])
    expect(harness.clock.now()).toBe(startedAt)
    await expectNothingLeft(harness, 0)
    expect(harness.clock.sleeps).toHaveLength(1)
  })

  it('cancel during a slow poll: CancelledError, the request is dropped unanswered, no poll after', async () => {
    sandbox.faults.next('com', { kind: 'latency', ms: 4000, path: tokenPath })
    const controller = new AbortController()
    const harness = setUp()
    const before = sandbox.requests.at(-1)?.seq ?? 0
    const flow = rejectionOf(harness.run({ signal: controller.signal }))
    // This flow's poll has reached the sandbox and is held there by the latency fault.
    const held = await sandbox.waitForRequestInProgress(
      (request) =>
        request.seq > before && request.path === tokenPath && request.fault === 'latency',
    )
    controller.abort()
    const error = await flow
    expect(error).toBeInstanceOf(CancelledError)
    // The sandbox saw the client hang up before it answered: the cancel reached the socket
    // instead of waiting out the 4 s.
    const finished = await sandbox.waitForRequest((request) => request.seq === held.seq)
    expect(finished.status).toBeNull()
    await expectNothingLeft(harness, 1)
    expect(harness.clock.sleeps).toHaveLength(1)
  })

  it('an already-cancelled signal sends nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    const harness = setUp()
    const error = await rejectionOf(harness.run({ signal: controller.signal }))
    expect(error).toBeInstanceOf(CancelledError)
    expect(harness.requests()).toHaveLength(0)
    expect(harness.progress).toEqual([])
  })

  it('a cancel while the code is shown opens no browser and polls nothing', async () => {
    const controller = new AbortController()
    const harness = setUp()
    const error = await rejectionOf(
      harness.run({
        signal: controller.signal,
        onProgress(event) {
          if (event.stage === 'code-ready') controller.abort()
        },
      }),
    )
    expect(error).toBeInstanceOf(CancelledError)
    expect(harness.opened).toEqual([])
    expect(harness.requests(deviceCodePath)).toHaveLength(1)
    expect(harness.requests(tokenPath)).toHaveLength(0)
  })

  it.each<[string, BrowserLauncher]>([
    ['rejects', { open: () => Promise.reject(new Error('no browser here')) }],
    [
      'throws',
      {
        open: () => {
          throw new Error('no browser here')
        },
      },
    ],
    ['never answers', { open: () => new Promise<void>(() => {}) }],
  ])('a launcher that %s does not stop the sign-in', async (name, browser) => {
    const approver = approveOnSleep(2)
    const harness = setUp({ browser, clock: { onSleep: approver.onSleep } })
    approver.harness(harness)
    const tokens = await harness.run()
    expect(tokens.accessToken).toMatch(/^czu_/)
    const browserEvents = harness.progress
      .map((event) => event.stage)
      .filter((stage) => stage.startsWith('browser-'))
    if (name !== 'never answers') {
      expect(
        harness.logs.some((line) => line.level === 'warn' && line.message.includes('browser')),
      ).toBe(true)
      // The window then tells the person to open the address themselves.
      expect(browserEvents).toEqual(['browser-open-failed'])
    } else {
      expect(browserEvents).toEqual([])
    }
  })

  it('says when the browser opened, after the code and without holding up polling', async () => {
    const harness = setUpDeciding(2)
    await harness.run()
    const stages = harness.progress.map((event) => event.stage)
    expect(stages.filter((stage) => stage.startsWith('browser-'))).toEqual(['browser-opened'])
    expect(stages.indexOf('browser-opened')).toBeGreaterThan(stages.indexOf('code-ready'))
    expect(harness.opened).toHaveLength(1)
  })

  it('reports nothing about a browser that opens only after the sign-in ended', async () => {
    let open: () => void = () => {}
    const browser: BrowserLauncher = {
      open: () => new Promise<void>((resolve) => (open = resolve)),
    }
    const approver = approveOnSleep(1)
    const harness = setUp({ browser, clock: { onSleep: approver.onSleep } })
    approver.harness(harness)
    await harness.run()
    open()
    // Everything the late answer sets off runs on promise continuations.
    await drainMicrotasks()
    expect(harness.progress.map((event) => event.stage)).not.toContain('browser-opened')
  })

  it('a launcher failing like spawn: logged by name and code, never with the URL', async () => {
    const approver = approveOnSleep(2)
    const browser: BrowserLauncher = {
      open(url) {
        const failure = Object.assign(new Error(`spawn xdg-open ENOENT ${url}`), {
          code: 'ENOENT',
          spawnargs: [url],
        })
        return Promise.reject(failure)
      },
    }
    const harness = setUp({ browser, clock: { onSleep: approver.onSleep } })
    approver.harness(harness)
    await harness.run()
    const failure = harness.logs.find((line) => line.message.includes('could not open'))
    expect(failure).toEqual({
      level: 'warn',
      message: 'Device sign-in: could not open the browser',
      fields: { error: 'Error', errorCode: 'ENOENT' },
    })
    const logged = JSON.stringify(harness.logs)
    expect(logged).not.toContain(harness.shown().userCode)
    expect(logged).not.toContain('xdg-open')
  })

  it('openBrowser: false leaves the browser alone', async () => {
    const harness = setUpDeciding(1)
    await harness.run({ openBrowser: false })
    expect(harness.opened).toEqual([])
    expect(harness.progress.map((event) => event.stage)).not.toContain('browser-opened')
  })

  it('a progress callback that throws does not end the sign-in', async () => {
    const harness = setUpDeciding(2)
    const tokens = await harness.run({
      onProgress() {
        throw new Error('display broke')
      },
    })
    expect(tokens.accessToken).toMatch(/^czu_/)
    expect(harness.logs.filter((line) => line.message.includes('progress callback'))).not.toEqual(
      [],
    )
  })

  it('workspace variant: asks on the workspace path and signs in a member', async () => {
    const harness = setUpDeciding(2, { userId: bobUserId })
    const tokens = await harness.run({ workspaceId: bobTeamWorkspace })
    expect(tokens.accessToken).toMatch(/^czu_/)
    expect(harness.requests().at(0)?.path).toBe(
      `/api/permission/oauth2/workspace_id/${bobTeamWorkspace}/device/code`,
    )
    expect(harness.requests(deviceCodePath)).toHaveLength(0)
    expect(harness.requests(tokenPath)).toHaveLength(2)
  })

  it('workspace variant: an unknown workspace fails before any code is shown', async () => {
    const harness = setUp()
    const error = await rejectionOf(harness.run({ workspaceId: '1' }))
    expect(error.code).toBe('REQUEST_REFUSED')
    expect(harness.progress).toEqual([])
    expect(harness.opened).toEqual([])
    expect(harness.requests(tokenPath)).toHaveLength(0)
  })

  it('an unknown app fails with INVALID_CLIENT before any code is shown', async () => {
    const harness = setUp()
    const error = await rejectionOf(harness.run({ clientId: '1.app.coze' }))
    expect(error.code).toBe('INVALID_CLIENT')
    expect(harness.progress).toEqual([])
    expect(harness.requests(tokenPath)).toHaveLength(0)
  })
})

/** A CozeOAuthClient stand-in for what the sandbox cannot be made to answer. */
function stubOAuth(
  grant: Partial<DeviceCodeGrant>,
  answers: (() => DevicePollOutcome)[],
  clock: TestClock,
): { oauth: CozeOAuthClient; polls: () => number } {
  let polls = 0
  const stub = {
    requestDeviceCode: (): Promise<DeviceCodeGrant> =>
      Promise.resolve({
        deviceCode: 'device-secret',
        userCode: 'ABCD-EFGH',
        verificationUri: 'https://www.coze.com/oauth/device-activation',
        verificationUrlWithCode: 'https://www.coze.com/oauth/device-activation?user_code=ABCD-EFGH',
        expiresAt: clock.now() + codeLifetimeMs,
        intervalSeconds: 5,
        ...grant,
      }),
    pollDeviceToken: (): Promise<DevicePollOutcome> => {
      const answer = answers[polls] ?? answers.at(-1)
      polls += 1
      if (!answer) return Promise.reject(new Error('no answer'))
      try {
        return Promise.resolve(answer())
      } catch (error) {
        return Promise.reject(error)
      }
    },
  }
  return { oauth: stub as unknown as CozeOAuthClient, polls: () => polls }
}

describe('signInWithDevice with a stub OAuth client', () => {
  const endpoints = resolveEndpoints('com')
  const browser: BrowserLauncher = { open: () => Promise.resolve() }
  const tokens: TokenSet = { accessToken: 'czu_x', accessTokenExpiresAt: 1 }
  const pending = (): DevicePollOutcome => ({ status: 'pending' })
  const approved = (): DevicePollOutcome => ({ status: 'approved', tokens })

  it.each([
    [0, 5000],
    [1, 5000],
    [3, 5000],
    [60, 30_000],
  ])('server interval %s s → polls every %s ms', async (intervalSeconds, expected) => {
    const clock = createTestClock()
    const { oauth } = stubOAuth({ intervalSeconds }, [pending, pending, approved], clock)
    await expect(
      signInWithDevice({ oauth, browser, clock }, { endpoints, clientId: 'c' }),
    ).resolves.toBe(tokens)
    expect(clock.sleeps).toEqual([expected, expected, expected])
  })

  it('a refusal that is not passing (INVALID_GRANT) ends at once, without a retry', async () => {
    const clock = createTestClock()
    const { oauth, polls } = stubOAuth(
      {},
      [
        () => {
          throw new InvalidGrantError({ status: 400, serverCode: 'invalid_grant' })
        },
      ],
      clock,
    )
    const error = await rejectionOf(
      signInWithDevice({ oauth, browser, clock }, { endpoints, clientId: 'c' }),
    )
    expect(error.code).toBe('INVALID_GRANT')
    expect(polls()).toBe(1)
  })

  it('an unexpected error is passed on, not retried', async () => {
    const clock = createTestClock()
    const bug = new TypeError('bug')
    const { oauth, polls } = stubOAuth(
      {},
      [
        () => {
          throw bug
        },
      ],
      clock,
    )
    await expect(
      signInWithDevice({ oauth, browser, clock }, { endpoints, clientId: 'c' }),
    ).rejects.toBe(bug)
    expect(polls()).toBe(1)
  })

  it('a code that is already dead when it arrives is never polled', async () => {
    const clock = createTestClock()
    const { oauth, polls } = stubOAuth({ expiresAt: clock.now() }, [approved], clock)
    const error = await rejectionOf(
      signInWithDevice({ oauth, browser, clock }, { endpoints, clientId: 'c' }),
    )
    expect(error.code).toBe('DEVICE_CODE_EXPIRED')
    expect(polls()).toBe(0)
    expect(clock.sleeps).toEqual([])
  })
})

describe('createTestClock', () => {
  it('moves only when told, and sleeps move it (and the follower) by the slept time', async () => {
    let followed = 0
    const clock = createTestClock({
      start: 1000,
      follower: { advance: (seconds) => (followed += seconds) },
    })
    expect(clock.now()).toBe(1000)
    clock.advance(500)
    await clock.sleep(2000)
    expect(clock.now()).toBe(3500)
    expect(followed).toBe(2.5)
    expect(clock.sleeps).toEqual([2000])
    clock.set(10)
    expect(clock.now()).toBe(10)
    expect(followed).toBe(2.5)
  })

  it('an already-aborted signal rejects with its reason, records nothing', async () => {
    const clock = createTestClock({ start: 0 })
    const controller = new AbortController()
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(clock.sleep(1000, controller.signal)).rejects.toBe(reason)
    expect(clock.sleeps).toEqual([])
    expect(clock.now()).toBe(0)
  })

  it('an abort while the hook runs rejects the sleep', async () => {
    const controller = new AbortController()
    const clock = createTestClock({
      onSleep: async () => {
        controller.abort()
        // The hook is still running when the abort arrives.
        await drainMicrotasks()
      },
    })
    await expect(clock.sleep(1000, controller.signal)).rejects.toBeInstanceOf(DOMException)
    expect(clock.pending).toBe(0)
  })

  it('real time: waits on a real timer, and an abort ends the wait at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const clock = createTestClock({ start: 0, realTime: true })
      let woke = false
      const sleeping = clock.sleep(60).then(() => (woke = true))
      await vi.advanceTimersByTimeAsync(59)
      expect(woke).toBe(false)
      expect(clock.now()).toBe(0)
      await vi.advanceTimersByTimeAsync(1)
      await sleeping
      expect(clock.now()).toBe(60)

      // An abort while the (fake) time stands still: the sleep ends without its timer.
      const controller = new AbortController()
      const timersBefore = vi.getTimerCount()
      const cut = clock.sleep(10_000, controller.signal)
      expect(clock.pending).toBe(1)
      expect(vi.getTimerCount()).toBe(timersBefore + 1)
      controller.abort()
      // Cleared at once, in the same turn: the 10 s timer is gone.
      expect(vi.getTimerCount()).toBe(timersBefore)
      await expect(cut).rejects.toBeInstanceOf(DOMException)
      expect(clock.pending).toBe(0)
      expect(clock.now()).toBe(60)
    } finally {
      vi.useRealTimers()
    }
  })

  it('onSleepStart runs while the sleep is pending; an abort there rejects it', async () => {
    const controller = new AbortController()
    const seen: number[] = []
    const clock: TestClock = createTestClock({
      start: 0,
      realTime: true,
      onSleepStart: (ms, index) => {
        seen.push(ms, index, clock.pending)
        controller.abort()
      },
    })
    await expect(clock.sleep(10_000, controller.signal)).rejects.toBeInstanceOf(DOMException)
    expect(seen).toEqual([10_000, 1, 1])
    expect(clock.pending).toBe(0)
    expect(clock.now()).toBe(0)
  })

  it('a hook that throws rejects the sleep', async () => {
    const clock = createTestClock({
      onSleep: () => {
        throw new Error('hook')
      },
    })
    await expect(clock.sleep(1)).rejects.toThrow('hook')
  })

  it('refuses to sleep forever', async () => {
    const clock = createTestClock({ maxSleeps: 3 })
    for (let i = 0; i < 3; i += 1) await clock.sleep(1)
    await expect(clock.sleep(1)).rejects.toThrow(/more than 3 sleeps/)
  })
})
