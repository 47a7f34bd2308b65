import { InvalidArgumentError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { BrowserLauncher, Clock } from '../ports'
import type { RegionEndpoints } from '../regions'
import { buildAuthorizeUrl } from './authorize-url'
import { openBrowserInBackground, report } from './flow-support'
import type { PageLocale } from './loopback/callback-pages'
import {
  defaultSignInTimeoutMs,
  signInCancelledError,
  startLoopbackReceiver,
} from './loopback/loopback-server'
import type { IgnoredCallbackReason, LoopbackReceiver } from './loopback/loopback-server'
import { codeChallenge, createCodeVerifier, createState } from './pkce'
import type { CodeChallengeMethod } from './pkce'
import type { CozeOAuthClient, TokenSet } from './token-client'

export { BrowserLaunchError } from './flow-support'

/** The prefix of this flow's log messages. */
const flowLabel = 'sign-in'

/**
 * How long the browser may stay silent before the window asks whether the app is on the other
 * region. An app of the other region never gets past Coze's page, so nothing ever comes back, and
 * whether Coze's servers can tell before that (see region-probe.ts) depends on answers the docs
 * leave open: a minute is long enough to approve, and far shorter than the 5-minute timeout.
 */
export const defaultNoAnswerHintMs = 60_000

export interface BrowserFlowDependencies {
  oauth: CozeOAuthClient
  browser: BrowserLauncher
  clock: Clock
  logger?: Logger
}

export type BrowserFlowProgress =
  /** `authorizeUrl` carries no secret (with `plain` PKCE it carries the verifier, by design). */
  | { stage: 'waiting-for-browser'; authorizeUrl: string }
  /**
   * An answer reached the loopback server with a wrong state (`state-mismatch`: an older tab,
   * another sign-in, a forgery) or none (`missing-state`). It was not used, its page said so,
   * and the sign-in goes on waiting. Reported for the first few such answers only.
   */
  | { stage: 'ignored-callback'; reason: IgnoredCallbackReason }
  /** The system browser was started on the consent page. */
  | { stage: 'browser-opened' }
  /**
   * The system browser could not be started. The sign-in goes on waiting: the person can open
   * `authorizeUrl` (from `waiting-for-browser`) in a browser themselves.
   */
  | { stage: 'browser-open-failed' }
  /**
   * Nothing reached the loopback server for `waitedMs` since the browser was sent to Coze (not
   * even a stray answer): the window may ask whether the app is on the other region. The
   * sign-in goes on waiting.
   */
  | { stage: 'no-answer-yet'; waitedMs: number }
  | { stage: 'exchanging' }

export interface BrowserSignInRequest {
  endpoints: RegionEndpoints
  clientId: string
  /** Exactly as registered on the Coze console. */
  redirectUri: string
  /** Present: the web (confidential) code flow, without PKCE. Absent: PKCE. */
  clientSecret?: string
  /** PKCE only; default S256. */
  codeChallengeMethod?: CodeChallengeMethod
  workspaceId?: string
  /** The language of the pages shown in the browser; absent: from its Accept-Language. */
  locale?: PageLocale
  /** How long to wait for the browser to come back; default 5 minutes. */
  timeoutMs?: number
  /** When to report `no-answer-yet`, on the flow's clock; default defaultNoAnswerHintMs. */
  noAnswerHintMs?: number
  signal?: AbortSignal
  onProgress?: (progress: BrowserFlowProgress) => void
}

/**
 * Signs a user in through their browser: the authorization code flow, with PKCE for public
 * (desktop) apps or with the client secret for web apps, received on a loopback redirect URI.
 * The server listens before the browser opens, and is closed whatever the outcome. A browser that
 * will not open does not end the sign-in: the window shows the address to open by hand.
 */
export async function signInWithBrowser(
  deps: BrowserFlowDependencies,
  request: BrowserSignInRequest,
): Promise<TokenSet> {
  const logger = deps.logger ?? silentLogger
  checkRequest(request)
  const signal = request.signal
  if (signal?.aborted) throw signInCancelledError()

  const isWebApp = request.clientSecret !== undefined
  const method = request.codeChallengeMethod ?? 'S256'
  const verifier = isWebApp ? undefined : createCodeVerifier()
  const state = createState()
  const flow = isWebApp ? 'web' : `pkce-${method}`
  // Something came back, even a stale tab's answer: the browser reaches Coze and us, so the
  // silence is not a wrong region.
  let answered = false

  const receiver = await startLoopbackReceiver({
    redirectUri: request.redirectUri,
    expectedState: state,
    ...(request.locale !== undefined ? { locale: request.locale } : {}),
    timeoutMs: request.timeoutMs ?? defaultSignInTimeoutMs,
    clock: deps.clock,
    logger,
    onIgnoredCallback: (reason) => {
      answered = true
      report(request.onProgress, { stage: 'ignored-callback', reason }, logger, flowLabel)
    },
    ...(signal ? { signal } : {}),
  })
  try {
    const authorizeUrl = buildAuthorizeUrl({
      webBase: request.endpoints.webBase,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      state,
      ...(request.workspaceId !== undefined ? { workspaceId: request.workspaceId } : {}),
      ...(verifier !== undefined
        ? { pkce: { challenge: codeChallenge(verifier, method), method } }
        : {}),
    })
    // With plain PKCE the URL, so this event, carries the verifier itself: inherent to plain.
    report(request.onProgress, { stage: 'waiting-for-browser', authorizeUrl }, logger, flowLabel)
    logger.log('info', 'sign-in: opening the browser', {
      flow,
      region: request.endpoints.region,
      workspaceScoped: request.workspaceId !== undefined,
    })

    // The answer may come back before a launcher resolves: the browser's outcome is only reported.
    const signInEnded = openBrowserInBackground(
      deps.browser,
      authorizeUrl,
      logger,
      `${flowLabel}: could not open the browser; the person can open the address`,
      (stage) => report(request.onProgress, { stage }, logger, flowLabel),
    )

    const hintAfterMs = request.noAnswerHintMs ?? defaultNoAnswerHintMs
    const stopHint = new AbortController()
    deps.clock.sleep(hintAfterMs, stopHint.signal).then(
      () => {
        if (answered || stopHint.signal.aborted) return
        logger.log('info', 'sign-in: no answer from the browser yet', { waitedMs: hintAfterMs })
        report(
          request.onProgress,
          { stage: 'no-answer-yet', waitedMs: hintAfterMs },
          logger,
          flowLabel,
        )
      },
      // Stopped: the answer came, or the sign-in ended.
      () => undefined,
    )

    try {
      const { code } = await receiver.result
      stopHint.abort()
      report(request.onProgress, { stage: 'exchanging' }, logger, flowLabel)
      return await exchange(deps, request, receiver, code, verifier, signal)
    } finally {
      stopHint.abort()
      signInEnded()
    }
  } finally {
    await receiver.close()
  }
}

async function exchange(
  deps: BrowserFlowDependencies,
  request: BrowserSignInRequest,
  receiver: LoopbackReceiver,
  code: string,
  verifier: string | undefined,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  try {
    const tokens = await deps.oauth.exchangeCode(
      request.endpoints,
      {
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        code,
        ...(verifier !== undefined ? { codeVerifier: verifier } : {}),
        ...(request.clientSecret !== undefined ? { clientSecret: request.clientSecret } : {}),
      },
      signal,
    )
    receiver.finish({ ok: true })
    return tokens
  } catch (error) {
    const failure = signal?.aborted ? signInCancelledError() : error
    receiver.finish({ ok: false, error: failure })
    throw failure
  }
}

function checkRequest(request: BrowserSignInRequest): void {
  if (request.clientId.trim() === '') {
    throw new InvalidArgumentError("The app's client ID is empty. Copy it from the Coze console.", {
      reason: 'client-id-invalid',
    })
  }
  if (request.clientSecret !== undefined) {
    if (request.clientSecret === '') {
      throw new InvalidArgumentError(
        "The app's client secret is empty. Copy it from the Coze console, or use a PKCE (desktop) app.",
        { reason: 'client-secret-missing' },
      )
    }
    if (request.codeChallengeMethod !== undefined) {
      throw new InvalidArgumentError(
        'A web app signs in with its client secret, without PKCE; remove the PKCE method.',
      )
    }
  }
  if (
    request.codeChallengeMethod !== undefined &&
    request.codeChallengeMethod !== 'S256' &&
    request.codeChallengeMethod !== 'plain'
  ) {
    throw new InvalidArgumentError('The PKCE method must be S256 or plain.')
  }
  if (
    request.noAnswerHintMs !== undefined &&
    !(Number.isFinite(request.noAnswerHintMs) && request.noAnswerHintMs > 0)
  ) {
    throw new InvalidArgumentError('The no-answer hint needs a positive number of milliseconds.')
  }
  if (request.workspaceId !== undefined && request.workspaceId.trim() === '') {
    throw new InvalidArgumentError('The workspace ID is empty.')
  }
}
