import { timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AccessDeniedError,
  AppError,
  CancelledError,
  CozeError,
  InvalidArgumentError,
  InvalidResponseError,
  PortInUseError,
  RequestRefusedError,
  StateMismatchError,
} from '../../errors'
import type { ServerErrorDetails } from '../../errors'
import type { Logger } from '../../logger'
import { silentLogger } from '../../logger'
import type { Clock } from '../../ports'
import { systemClock } from '../../ports'
import { displayableServerCode, renderCallbackPage } from './callback-pages'
import type { CallbackPage, PageLocale } from './callback-pages'

/** How long a sign-in waits for the browser to come back, unless the caller says otherwise. */
export const defaultSignInTimeoutMs = 5 * 60_000

/** The one address the browser always reaches us on; `localhost` is bound here too. */
export const loopbackBindAddress = '127.0.0.1'

export class SignInTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000))
    const span =
      seconds % 60 === 0
        ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}`
        : `${seconds} second${seconds === 1 ? '' : 's'}`
    super(
      'TIMEOUT',
      `The sign-in took too long: nothing came back from the browser within ${span}. Start the sign-in again.`,
      { params: { seconds } },
    )
  }
}

export function signInCancelledError(): CancelledError {
  return new CancelledError('The sign-in was cancelled.')
}

export interface LoopbackTarget {
  /** The redirect URI exactly as given (and as registered on the Coze console). */
  redirectUri: string
  /** As written in the URI: `127.0.0.1` or `localhost`. */
  hostname: '127.0.0.1' | 'localhost'
  port: number
  /** The path the callback arrives on, e.g. `/callback` (`/` when the URI has none). */
  path: string
}

/**
 * Checks that a redirect URI is one this app can receive on: plain http to 127.0.0.1 or
 * localhost, with nothing a browser would not send back to us (credentials, a fragment).
 */
export function parseLoopbackRedirectUri(redirectUri: string): LoopbackTarget {
  const example = 'http://127.0.0.1:8080/callback'
  let url: URL
  try {
    url = new URL(redirectUri)
  } catch {
    throw new InvalidArgumentError(
      `The redirect URI is not a valid address. Use the one registered for the app on the Coze console, such as ${example}.`,
    )
  }
  // Coze compares the URI character for character, and URL parsing would quietly trim spaces.
  if (redirectUri.trim() !== redirectUri) {
    throw new InvalidArgumentError('The redirect URI has spaces around it. Remove them.')
  }
  if (url.protocol !== 'http:') {
    throw new InvalidArgumentError(
      `The redirect URI must start with http:// because the app receives the sign-in on this computer, such as ${example}. Register one like it on the Coze console.`,
      { params: { scheme: url.protocol.replace(/:$/, '') } },
    )
  }
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new InvalidArgumentError(
      `The redirect URI must point to this computer (127.0.0.1 or localhost), such as ${example}, so that the app can receive the sign-in. Register one like it on the Coze console.`,
      { params: { host: url.hostname } },
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidArgumentError('The redirect URI must not contain a user name or password.')
  }
  if (url.hash !== '' || redirectUri.includes('#')) {
    throw new InvalidArgumentError(
      'The redirect URI must not contain "#": a browser never sends that part to the app.',
    )
  }
  const port = url.port === '' ? 80 : Number(url.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('The redirect URI needs a port from 1 to 65535.')
  }
  return { redirectUri, hostname: url.hostname, port, path: url.pathname }
}

export interface CallbackRequest {
  method: string
  /** The request target as the server received it, e.g. `/callback?code=…&state=…`. */
  url: string
  /** The Host header; a request without one is refused. */
  host: string | undefined
}

export interface CallbackExpectation {
  path: string
  port: number
  state: string
}

/**
 * What to do with one request to the loopback server:
 * - `ignore`: answer with the page and keep waiting (another path, a stray request);
 * - `code`: the one valid callback; its page is written once the code has been exchanged;
 * - `fail`: answer with the page and end the sign-in with the error.
 */
export type CallbackDecision =
  | { outcome: 'ignore'; status: number; page: CallbackPage }
  | { outcome: 'code'; code: string }
  | { outcome: 'fail'; status: number; page: CallbackPage; error: AppError }

/**
 * Decides about one request, without a socket, so every branch can be tested directly. It never
 * puts the code, or anything else from the query, into a page.
 */
export function handleCallbackRequest(
  request: CallbackRequest,
  expected: CallbackExpectation,
): CallbackDecision {
  // A page in another site's name reaching us through DNS rebinding would carry its own host.
  if (!isOwnHost(request.host, expected.port)) {
    return { outcome: 'ignore', status: 400, page: { kind: 'bad-host' } }
  }
  // Browsers send the origin form (`/path?query`); `//host/path` would be read as another host.
  if (!request.url.startsWith('/') || request.url.startsWith('//')) {
    return { outcome: 'ignore', status: 404, page: { kind: 'not-found' } }
  }
  let url: URL
  try {
    url = new URL(request.url, `http://${loopbackBindAddress}:${expected.port}`)
  } catch {
    return { outcome: 'ignore', status: 404, page: { kind: 'not-found' } }
  }
  if (url.pathname !== expected.path) {
    return { outcome: 'ignore', status: 404, page: { kind: 'not-found' } }
  }
  // Only a browser navigation (GET) may carry the answer: a HEAD from a link checker must not
  // use up the one callback.
  if (request.method !== 'GET') {
    return { outcome: 'ignore', status: 405, page: { kind: 'method-not-allowed' } }
  }

  const query = url.searchParams
  const states = query.getAll('state')
  const stateMatches = states.length === 1 && sameText(states[0] ?? '', expected.state)
  const errors = query.getAll('error').filter((value) => value !== '')
  if (errors.length > 0) {
    // Coze's error redirect format is not documented. An error without any state is still
    // believed (forging one can only end this sign-in, which a wrong state does as well), but
    // its free text is kept only when the state proves it came from our authorize request.
    if (states.length > 0 && !stateMatches) return stateMismatch()
    return authorizeError(errors[0] ?? '', stateMatches ? query.get('error_description') : null)
  }
  if (!stateMatches) return stateMismatch()
  const codes = query.getAll('code')
  const code = codes[0]
  if (codes.length !== 1 || code === undefined || code === '') {
    const error = new InvalidResponseError('the browser came back without a sign-in code')
    return { outcome: 'fail', status: 400, page: failedPage(error), error }
  }
  return { outcome: 'code', code }
}

function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false
  const value = host.toLowerCase()
  const names = [loopbackBindAddress, 'localhost']
  return names.some((name) => value === `${name}:${port}` || (port === 80 && value === name))
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function stateMismatch(): CallbackDecision {
  const error = new StateMismatchError()
  return { outcome: 'fail', status: 400, page: failedPage(error), error }
}

function authorizeError(errorCode: string, description: string | null): CallbackDecision {
  const details: ServerErrorDetails = {}
  const serverCode = displayableServerCode(errorCode)
  if (serverCode !== undefined) details.serverCode = serverCode
  if (description !== null && description !== '') {
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    details.serverMessage = description.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300)
  }
  const error =
    errorCode === 'access_denied' || errorCode === 'access_deny'
      ? new AccessDeniedError(details)
      : new RequestRefusedError(details)
  return { outcome: 'fail', status: 400, page: failedPage(error), error }
}

/** The page for a sign-in that ended with `error`; only its stable code reaches the browser. */
export function failedPage(error: unknown): CallbackPage {
  if (!(error instanceof AppError)) return { kind: 'failed', code: 'INTERNAL' }
  const serverCode = error instanceof CozeError ? error.details.serverCode : undefined
  return serverCode === undefined
    ? { kind: 'failed', code: error.code }
    : { kind: 'failed', code: error.code, serverCode }
}

export interface LoopbackReceiverOptions {
  /** Exactly as registered on the Coze console. */
  redirectUri: string
  /** The `state` sent in the authorize URL. */
  expectedState: string
  locale?: PageLocale
  /** How long to wait for the browser; default 5 minutes. */
  timeoutMs?: number
  clock?: Clock
  /** Aborting ends the wait with CancelledError and closes the server at once. */
  signal?: AbortSignal
  logger?: Logger
}

export type ExchangeOutcome = { ok: true } | { ok: false; error: unknown }

export interface LoopbackReceiver {
  redirectUri: string
  /** The port actually listened on (the one in the redirect URI). */
  port: number
  /**
   * Settles once: the code of the one valid callback, or the error that ended the wait
   * (StateMismatchError, AccessDeniedError, SignInTimeoutError, CancelledError…).
   */
  result: Promise<{ code: string }>
  /**
   * Answers the browser that brought the code, which waits meanwhile, so that its page tells
   * how the token exchange went.
   */
  finish(outcome: ExchangeOutcome): void
  /** Stops listening and drops every connection; safe to call more than once. */
  close(): Promise<void>
}

const pageHeaders = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // No keep-alive: the server must be able to close as soon as the sign-in is over.
  Connection: 'close',
} as const

/** The longest close() waits for a page still being written before it drops the connection. */
const closeGraceMs = 1000

/**
 * Listens on exactly the host, port and path of the redirect URI and waits for the one browser
 * callback of a sign-in. It resolves once it listens, so the browser can be opened afterwards.
 */
export async function startLoopbackReceiver(
  options: LoopbackReceiverOptions,
): Promise<LoopbackReceiver> {
  const target = parseLoopbackRedirectUri(options.redirectUri)
  const timeoutMs = options.timeoutMs ?? defaultSignInTimeoutMs
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidArgumentError('The sign-in timeout must be a positive number of milliseconds.')
  }
  if (options.expectedState === '') {
    throw new InvalidArgumentError('The sign-in state is empty.')
  }
  const signal = options.signal
  if (signal?.aborted) throw signInCancelledError()
  const locale = options.locale ?? 'en'
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  const expected: CallbackExpectation = {
    path: target.path,
    port: target.port,
    state: options.expectedState,
  }

  let phase: 'waiting' | 'exchanging' | 'done' = 'waiting'
  /** The response of the valid callback, answered by finish() or close(). */
  let held: { res: ServerResponse; head: boolean } | undefined
  const unfinished = new Set<ServerResponse>()
  const stopTimer = new AbortController()
  let closing: Promise<void> | undefined
  let resolveResult: (value: { code: string }) => void = () => {}
  let rejectResult: (error: unknown) => void = () => {}
  const result = new Promise<{ code: string }>((resolve, reject) => {
    resolveResult = resolve
    rejectResult = reject
  })
  // The flow may be busy opening the browser when the wait ends; the rejection is read later.
  result.catch(() => {})

  const send = (res: ServerResponse, head: boolean, status: number, page: CallbackPage): void => {
    const body = renderCallbackPage(page, locale)
    res.writeHead(status, { ...pageHeaders, 'Content-Length': Buffer.byteLength(body) })
    res.end(head ? undefined : body)
    logger.log('debug', 'sign-in: loopback answered', { status, page: page.kind })
  }

  const server: Server = createServer((req, res) => {
    unfinished.add(res)
    res.on('finish', () => unfinished.delete(res))
    res.on('close', () => unfinished.delete(res))
    const head = req.method === 'HEAD'
    const decision = handleCallbackRequest(
      { method: req.method ?? 'GET', url: req.url ?? '/', host: req.headers.host },
      expected,
    )
    if (decision.outcome === 'ignore') {
      send(res, head, decision.status, decision.page)
      return
    }
    if (phase !== 'waiting') {
      // A reload or a second tab: the first answer stands, whatever this one says.
      send(res, head, phase === 'done' ? 410 : 409, {
        kind: phase === 'done' ? 'no-longer-waiting' : 'already-answered',
      })
      return
    }
    if (decision.outcome === 'fail') {
      phase = 'done'
      send(res, head, decision.status, decision.page)
      logger.log('warn', 'sign-in: the browser came back with an error', {
        error: decision.error.code,
      })
      rejectResult(decision.error)
      void close()
      return
    }
    phase = 'exchanging'
    held = { res, head }
    stopTimer.abort()
    logger.log('info', 'sign-in: the browser came back with a code')
    resolveResult({ code: decision.code })
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopTimer.abort()
      signal?.removeEventListener('abort', onAbort)
      if (phase === 'waiting') rejectResult(signInCancelledError())
      phase = 'done'
      if (held) {
        send(held.res, held.head, 410, { kind: 'no-longer-waiting' })
        held = undefined
      }
      if (!server.listening) return
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      await waitForPages(unfinished)
      server.closeAllConnections()
      await closed
      logger.log('debug', 'sign-in: loopback closed', { port: target.port })
    })()
    return closing
  }

  /** Ends the wait for the browser (a timeout, a cancel) and closes the server at once. */
  const endWait = (error: AppError): void => {
    if (phase === 'waiting') {
      phase = 'done'
      rejectResult(error)
    } else if (held) {
      // Cancelled during the token exchange: the waiting browser learns why at once.
      send(held.res, held.head, 400, failedPage(error))
      held = undefined
    }
    void close()
  }
  const onAbort = (): void => endWait(signInCancelledError())

  await listen(server, target)
  if (signal?.aborted) {
    await close()
    throw signInCancelledError()
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  const address = server.address() as AddressInfo
  logger.log('info', 'sign-in: waiting for the browser', {
    host: target.hostname,
    port: address.port,
  })

  clock.sleep(timeoutMs, stopTimer.signal).then(
    () => {
      if (phase !== 'waiting') return
      logger.log('warn', 'sign-in: timed out waiting for the browser', { timeoutMs })
      endWait(new SignInTimeoutError(timeoutMs))
    },
    () => {
      // Stopped because the callback came or the receiver closed.
    },
  )

  return {
    redirectUri: target.redirectUri,
    port: address.port,
    result,
    finish(outcome: ExchangeOutcome): void {
      if (!held) return
      const { res, head } = held
      held = undefined
      phase = 'done'
      if (outcome.ok) send(res, head, 200, { kind: 'signed-in' })
      else send(res, head, 400, failedPage(outcome.error))
    },
    close,
  }
}

function listen(server: Server, target: LoopbackTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      if (error.code === 'EADDRINUSE') {
        reject(new PortInUseError(target.port, target.hostname))
      } else if (error.code === 'EACCES') {
        reject(
          new InvalidArgumentError(
            `This computer does not let the app listen on port ${target.port}. Register a redirect URI with a port from 1024 to 65535 on the Coze console, such as http://127.0.0.1:8080/callback.`,
            { params: { port: target.port }, cause: error },
          ),
        )
      } else {
        reject(
          new AppError(
            'INTERNAL',
            `The app could not listen on ${target.hostname}:${target.port} to receive the sign-in (${error.code ?? 'unknown error'}). Try again, or register a redirect URI with another port.`,
            { params: { port: target.port, host: target.hostname }, cause: error },
          ),
        )
      }
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen({ host: loopbackBindAddress, port: target.port, exclusive: true })
  })
}

/** Waits until every started page has been handed to the OS, or the grace period is over. */
async function waitForPages(unfinished: Set<ServerResponse>): Promise<void> {
  if (unfinished.size === 0) return
  const pending = [...unfinished].map(
    (res) =>
      new Promise<void>((resolve) => {
        if (res.writableFinished || res.destroyed) resolve()
        res.once('finish', () => resolve())
        res.once('close', () => resolve())
      }),
  )
  let timer: NodeJS.Timeout | undefined
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, closeGraceMs)
  })
  await Promise.race([Promise.all(pending), grace])
  clearTimeout(timer)
}
