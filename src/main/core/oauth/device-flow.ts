import type { ErrorCode } from '../../../shared/errors'
import { AppError, CancelledError, DeviceCodeExpiredError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { BrowserLauncher, Clock } from '../ports'
import type { RegionEndpoints } from '../regions'
import { openBrowserInBackground, report as reportTo } from './flow-support'
import type { CozeOAuthClient, DeviceCodeGrant, TokenSet } from './token-client'

/**
 * The device-code sign-in (coze-auth-protocol.md §4): ask for a code, show it, open the browser on
 * the activation page, then poll the token endpoint until the person approves, refuses, the code
 * expires or the caller cancels. All waiting goes through the injected Clock so tests drive time.
 */

export interface DeviceFlowDependencies {
  oauth: CozeOAuthClient
  browser: BrowserLauncher
  clock: Clock
  logger?: Logger
}

export interface DeviceCodeShown {
  userCode: string
  verificationUri: string
  verificationUrlWithCode: string
  /** Unix ms. */
  expiresAt: number
}

export type DeviceFlowProgress =
  | ({ stage: 'code-ready' } & DeviceCodeShown)
  /** The system browser was started on the verification page. */
  | { stage: 'browser-opened' }
  /** It could not be started: the person opens the verification page themselves. */
  | { stage: 'browser-open-failed' }
  /** Poll number `attempt` (1-based) is due in `nextPollInMs`. */
  | { stage: 'polling'; attempt: number; nextPollInMs: number }
  /** A poll failed for a passing reason (an error code); the next try is due in `retryInMs`. */
  | { stage: 'retrying'; reason: string; retryInMs: number }

export interface DeviceSignInRequest {
  endpoints: RegionEndpoints
  clientId: string
  workspaceId?: string
  /** Default true. */
  openBrowser?: boolean
  signal?: AbortSignal
  onProgress?: (progress: DeviceFlowProgress) => void
}

/** Every SDK polls every 5 s; polling faster only earns `slow_down`. */
export const minimumPollIntervalMs = 5000
/** What RFC 8628 and every SDK add on `slow_down`. */
export const slowDownStepMs = 5000
/** The SDKs' ceiling; beyond it a person who has approved waits too long for the app to notice. */
export const maximumPollIntervalMs = 30_000
/** The longest pause after a failed poll; failures in a row double the pause up to this. */
export const maximumRetryDelayMs = 30_000

/** What one poll said, as far as the pace of polling is concerned. */
export type PollPace = 'pending' | 'slow_down'

/** Keeps any interval inside [minimum, maximum]; nonsense (NaN, negative) becomes the minimum. */
function clampInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms < minimumPollIntervalMs) return minimumPollIntervalMs
  return Math.min(ms, maximumPollIntervalMs)
}

/**
 * The first interval: the server's `interval` (seconds), but never below 5 s and never above the
 * ceiling, so that a server asking for 1 s is not hammered and one asking for an hour does not
 * leave the person waiting after approving.
 */
export function initialInterval(serverIntervalSeconds: number): number {
  return clampInterval(serverIntervalSeconds * 1000)
}

/** The interval after a poll: `slow_down` adds 5 s up to 30 s; `authorization_pending` keeps it. */
export function nextInterval(currentMs: number, outcome: PollPace): number {
  const current = clampInterval(currentMs)
  return outcome === 'slow_down' ? clampInterval(current + slowDownStepMs) : current
}

/**
 * The pause after `failures` failed polls in a row (1 for the first): the poll interval, doubled
 * for each further failure, capped. Never shorter than the interval, so a retry is never a poll
 * faster than the server allows.
 */
export function retryDelay(intervalMs: number, failures: number): number {
  const interval = clampInterval(intervalMs)
  const exponent = Math.max(0, Math.floor(Number.isFinite(failures) ? failures : 1) - 1)
  const grown = interval * 2 ** Math.min(exponent, 16)
  return Math.max(interval, Math.min(grown, maximumRetryDelayMs))
}

/** Errors that say nothing about the device code itself: the next poll may well succeed. */
const transientCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
])

export function isTransientPollError(error: unknown): error is AppError {
  return error instanceof AppError && transientCodes.has(error.code)
}

export async function signInWithDevice(
  deps: DeviceFlowDependencies,
  request: DeviceSignInRequest,
): Promise<TokenSet> {
  const { oauth, clock } = deps
  const logger = deps.logger ?? silentLogger
  const { endpoints, clientId, signal } = request
  const region = endpoints.region
  const report = (progress: DeviceFlowProgress): void =>
    reportTo(request.onProgress, progress, logger, 'Device sign-in')

  if (signal?.aborted) throw new CancelledError()
  const grant = await oauth.requestDeviceCode(
    endpoints,
    request.workspaceId === undefined
      ? { clientId }
      : { clientId, workspaceId: request.workspaceId },
    signal,
  )
  const initial = initialInterval(grant.intervalSeconds)
  logger.log('info', 'Device sign-in: code ready', {
    region,
    expiresInSeconds: Math.round((grant.expiresAt - clock.now()) / 1000),
    serverIntervalSeconds: grant.intervalSeconds,
    intervalMs: initial,
  })
  // Shown before anything else happens: the person needs the code even if the browser never opens.
  report({
    stage: 'code-ready',
    userCode: grant.userCode,
    verificationUri: grant.verificationUri,
    verificationUrlWithCode: grant.verificationUrlWithCode,
    expiresAt: grant.expiresAt,
  })
  if (signal?.aborted) throw new CancelledError()
  // Polling does not wait for the browser. A failure does not stop the sign-in either: the code
  // is on screen, and the window tells the person to open the address themselves.
  const signInEnded =
    request.openBrowser === false
      ? undefined
      : openBrowserInBackground(
          deps.browser,
          grant.verificationUrlWithCode,
          logger,
          'Device sign-in: could not open the browser',
          (stage) => report({ stage }),
        )
  try {
    return await pollUntilDone(deps, request, grant, initial, logger, report)
  } finally {
    signInEnded?.()
  }
}

/** Polls the token endpoint at the pace the server asks for, until the sign-in ends. */
async function pollUntilDone(
  deps: DeviceFlowDependencies,
  request: DeviceSignInRequest,
  grant: DeviceCodeGrant,
  initial: number,
  logger: Logger,
  report: (progress: DeviceFlowProgress) => void,
): Promise<TokenSet> {
  const { oauth, clock } = deps
  const { endpoints, clientId, signal } = request
  const region = endpoints.region

  const wait = async (ms: number): Promise<void> => {
    const remaining = grant.expiresAt - clock.now()
    if (remaining <= 0) throw expired(grant, logger)
    try {
      await clock.sleep(Math.min(ms, remaining), signal)
    } catch (error) {
      if (signal?.aborted) throw new CancelledError()
      throw error
    }
    if (signal?.aborted) throw new CancelledError()
    // The code is dead by now whatever the server would say; asking would only cost a request.
    if (clock.now() >= grant.expiresAt) throw expired(grant, logger)
  }

  let interval = initial
  let attempt = 1
  let failures = 0
  let pause = interval
  report({ stage: 'polling', attempt, nextPollInMs: pause })
  for (;;) {
    await wait(pause)
    let outcome: Awaited<ReturnType<CozeOAuthClient['pollDeviceToken']>>
    try {
      outcome = await oauth.pollDeviceToken(
        endpoints,
        { clientId, deviceCode: grant.deviceCode },
        signal,
      )
    } catch (error) {
      if (signal?.aborted) throw new CancelledError()
      if (!isTransientPollError(error)) {
        logger.log('info', 'Device sign-in: ended', { region, attempt, reason: errorCode(error) })
        throw error
      }
      failures += 1
      pause = retryDelay(interval, failures)
      logger.log('warn', 'Device sign-in: poll failed, will retry', {
        region,
        attempt,
        reason: error.code,
        failures,
        retryInMs: pause,
      })
      attempt += 1
      report({ stage: 'retrying', reason: error.code, retryInMs: pause })
      continue
    }
    failures = 0
    if (outcome.status === 'approved') {
      logger.log('info', 'Device sign-in: approved', { region, attempt })
      return outcome.tokens
    }
    interval = nextInterval(interval, outcome.status)
    pause = interval
    logger.log('debug', 'Device sign-in: not yet', {
      region,
      attempt,
      outcome: outcome.status,
      intervalMs: interval,
    })
    attempt += 1
    report({ stage: 'polling', attempt, nextPollInMs: pause })
  }
}

function expired(grant: DeviceCodeGrant, logger: Logger): DeviceCodeExpiredError {
  logger.log('info', 'Device sign-in: the code expired before it was approved', {
    expiredAt: new Date(grant.expiresAt).toISOString(),
  })
  return new DeviceCodeExpiredError()
}

function errorCode(error: unknown): string {
  return error instanceof AppError ? error.code : 'INTERNAL'
}
