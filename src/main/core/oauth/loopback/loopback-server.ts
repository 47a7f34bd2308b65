import { timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import {
  AccessDeniedError,
  AppError,
  CancelledError,
  CozeError,
  InvalidArgumentError,
  InvalidResponseError,
  PortInUseError,
  RequestRefusedError,
} from '../../errors'
import type { ServerErrorDetails } from '../../errors'
import type { Logger } from '../../logger'
import { silentLogger } from '../../logger'
import type { Clock } from '../../ports'
import { systemClock } from '../../ports'
import { errorName } from '../flow-support'
import {
  displayableServerCode,
  pageLocaleFromAcceptLanguage,
  renderCallbackPage,
} from './callback-pages'
import type { CallbackPage, PageLocale } from './callback-pages'
import { formatDuration } from '../../../../shared/duration'

/** How long a sign-in waits for the browser to come back, unless the caller says otherwise. */
export const defaultSignInTimeoutMs = 5 * 60_000

/**
 * How many answers with a wrong or missing state a sign-in reports (log and onIgnoredCallback).
 * Any web page can send such requests in a loop; past this they are still answered, silently.
 */
export const maxIgnoredCallbackNotices = 10

export class SignInTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000))
    super(
      'TIMEOUT',
      `The sign-in took too long: nothing came back from the browser within ${formatDuration(seconds * 1000, 'en', 'sentence')}. Start the sign-in again.`,
      { params: { seconds } },
    )
  }
}

export function signInCancelledError(): CancelledError {
  return new CancelledError('The sign-in was cancelled.')
}

/** The hosts a loopback redirect URI may name, as URL parsing writes them. */
export type LoopbackHost = '127.0.0.1' | 'localhost' | '[::1]'

const loopbackHosts: readonly LoopbackHost[] = ['127.0.0.1', 'localhost', '[::1]']

function isLoopbackHost(host: string): host is LoopbackHost {
  return (loopbackHosts as readonly string[]).includes(host)
}

export interface LoopbackTarget {
  /** The redirect URI exactly as given (and as registered on the Coze console). */
  redirectUri: string
  /** As URL parsing writes the host: `127.0.0.1`, `localhost` or `[::1]`. */
  hostname: LoopbackHost
  /** As written in the URI, which must name it. */
  port: number
  /** The path the callback arrives on, e.g. `/callback` (`/` when the URI has none). */
  path: string
}

/**
 * The one check of a redirect URI this app can receive the sign-in on (profiles use it too):
 * plain `http://`, host 127.0.0.1, localhost or [::1], a port written out (1 to 65535), and
 * nothing a browser would not bring back to us (a user name or password, a fragment). Throws
 * InvalidArgumentError with a sentence that says what to change.
 */
export function parseLoopbackRedirectUri(redirectUri: string): LoopbackTarget {
  const example = 'http://127.0.0.1:8080/callback'
  let url: URL
  try {
    url = new URL(redirectUri)
  } catch {
    throw new InvalidArgumentError(
      `The redirect URI is not a valid address. Use the one registered for the app on the Coze console, such as ${example}.`,
      { reason: 'redirect-uri-invalid' },
    )
  }
  // Coze compares the URI character for character, and URL parsing would quietly trim spaces.
  if (redirectUri.trim() !== redirectUri) {
    throw new InvalidArgumentError('The redirect URI has spaces around it. Remove them.', {
      reason: 'redirect-uri-spaces',
    })
  }
  // `http:host:port/…` parses too, but it is not what a console would register.
  if (url.protocol !== 'http:' || !/^http:\/\//i.test(redirectUri)) {
    throw new InvalidArgumentError(
      `The redirect URI must start with http:// because the app receives the sign-in on this computer, such as ${example}. Register one like it on the Coze console.`,
      { reason: 'redirect-uri-not-http', params: { scheme: url.protocol.replace(/:$/, '') } },
    )
  }
  const hostname = url.hostname
  if (!isLoopbackHost(hostname)) {
    throw new InvalidArgumentError(
      `The redirect URI must point to this computer (127.0.0.1, localhost or [::1]), such as ${example}, so that the app can receive the sign-in. Register one like it on the Coze console.`,
      { reason: 'redirect-uri-not-loopback', params: { host: hostname } },
    )
  }
  if (url.username !== '' || url.password !== '' || authorityOf(redirectUri).includes('@')) {
    throw new InvalidArgumentError('The redirect URI must not contain a user name or password.', {
      reason: 'redirect-uri-credentials',
    })
  }
  if (url.hash !== '' || redirectUri.includes('#')) {
    throw new InvalidArgumentError(
      'The redirect URI must not contain "#": a browser never sends that part to the app.',
      { reason: 'redirect-uri-fragment' },
    )
  }
  // URL parsing drops a written `:80`, so the port is read from the text itself.
  const written = /^(?:\[[^\]]*\]|[^:[\]]*):(\d+)$/.exec(authorityOf(redirectUri))?.[1]
  const port = written === undefined ? Number.NaN : Number(written)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(
      `The redirect URI needs a port from 1 to 65535 written in it, such as ${example}: the app receives the sign-in on that port.`,
      { reason: 'redirect-uri-port' },
    )
  }
  return { redirectUri, hostname, port, path: url.pathname }
}

/** The `host:port` part of an `http://` URI as written (a backslash ends it, as in URL parsing). */
function authorityOf(uri: string): string {
  const rest = uri.replace(/^http:\/\//i, '')
  const end = rest.search(/[/?#\\]/)
  return end === -1 ? rest : rest.slice(0, end)
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

/** Why an answer on the callback path was not used: its state was wrong, or it had none. */
export type IgnoredCallbackReason = 'state-mismatch' | 'missing-state'

/**
 * What to do with one request to the loopback server:
 * - `ignore`: answer with the page and keep waiting (another path, a stray request);
 * - `mismatch`: an answer on the callback path without our state (an old tab, another sign-in,
 *   or a page on any site sending the browser here): answer with the page and keep waiting, so
 *   that only the right state can settle the sign-in;
 * - `code`: the one valid callback; its page is written once the code has been exchanged;
 * - `fail`: an answer with our state that ends the sign-in with the error (Coze said no).
 */
export type CallbackDecision =
  | { outcome: 'ignore'; status: number; page: CallbackPage }
  | {
      outcome: 'mismatch'
      status: 400
      page: CallbackPage
      errorCode: 'STATE_MISMATCH'
      reason: IgnoredCallbackReason
    }
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
    url = new URL(request.url, `http://127.0.0.1:${expected.port}`)
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
  if (states.length !== 1 || !sameText(states[0] ?? '', expected.state)) {
    // Any page the user has open can send the browser here, so nothing without our state may
    // end the sign-in: not a code, and not an `error` either. Whether Coze puts the state on its
    // error redirects is not documented (it does on the ones seen so far). If it ever sends one
    // without, the user sees this page and the app keeps waiting until they cancel or the
    // timeout ends the sign-in: slower than believing it, but a forged one cannot end it.
    const reason = states.some((value) => value !== '') ? 'state-mismatch' : 'missing-state'
    return {
      outcome: 'mismatch',
      status: 400,
      page: { kind: 'not-this-sign-in' },
      errorCode: 'STATE_MISMATCH',
      reason,
    }
  }
  const errors = query.getAll('error').filter((value) => value !== '')
  if (errors.length > 0) return authorizeError(errors[0] ?? '', query.get('error_description'))
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
  return loopbackHosts.some(
    (name) => value === `${name}:${port}` || (port === 80 && value === name),
  )
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
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
  /** The language of every page; absent: each request's Accept-Language (zh* → zh-CN, else en). */
  locale?: PageLocale
  /** How long to wait for the browser; default 5 minutes. */
  timeoutMs?: number
  clock?: Clock
  /** Aborting ends the wait with CancelledError and closes the server at once. */
  signal?: AbortSignal
  logger?: Logger
  /**
   * Told when an answer on the callback path was not used because its state was wrong or
   * missing; the sign-in goes on waiting. Called for the first maxIgnoredCallbackNotices only.
   */
  onIgnoredCallback?: (reason: IgnoredCallbackReason) => void
}

export type ExchangeOutcome = { ok: true } | { ok: false; error: unknown }

export interface LoopbackReceiver {
  redirectUri: string
  /** The port actually listened on (the one in the redirect URI). */
  port: number
  /**
   * Settles once: the code of the one valid callback, or the error that ended the wait
   * (AccessDeniedError, SignInTimeoutError, CancelledError…). An answer without the right
   * state never settles it.
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

/** One address the receiver listens on; an optional one may be missing from the machine. */
interface ListenAddress {
  address: '127.0.0.1' | '::1'
  /** How the address is named in messages. */
  shown: string
  optional: boolean
}

/**
 * Where a redirect URI's host is received. A browser may try `localhost` on ::1 before (or
 * instead of) 127.0.0.1, and another program listening on [::1]:PORT would then get the code:
 * so `localhost` takes both, the IPv6 one unless the machine has no IPv6 loopback at all.
 */
function listenAddresses(target: LoopbackTarget): ListenAddress[] {
  switch (target.hostname) {
    case '127.0.0.1':
      return [{ address: '127.0.0.1', shown: '127.0.0.1', optional: false }]
    case '[::1]':
      return [{ address: '::1', shown: '[::1]', optional: false }]
    case 'localhost':
      return [
        { address: '127.0.0.1', shown: 'localhost', optional: false },
        { address: '::1', shown: 'localhost (::1)', optional: true },
      ]
  }
}

/**
 * Listens on exactly the host(s), port and path of the redirect URI and waits for the one browser
 * callback of a sign-in. It resolves once it listens, so the browser can be opened afterwards.
 * Answers without the right state are shown a page and otherwise ignored; only the right state,
 * a timeout, the signal or close() end the wait.
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
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  const expected: CallbackExpectation = {
    path: target.path,
    port: target.port,
    state: options.expectedState,
  }

  let phase: 'waiting' | 'exchanging' | 'done' = 'waiting'
  /** The response of the valid callback, answered by finish() or close(). */
  let held: { res: ServerResponse; head: boolean; locale: PageLocale } | undefined
  const unfinished = new Set<ServerResponse>()
  const servers: Server[] = []
  const stopTimer = new AbortController()
  let closing: Promise<void> | undefined
  let ignoredCount = 0
  let resolveResult: (value: { code: string }) => void = () => {}
  let rejectResult: (error: unknown) => void = () => {}
  const result = new Promise<{ code: string }>((resolve, reject) => {
    resolveResult = resolve
    rejectResult = reject
  })
  // The flow may be busy opening the browser when the wait ends; the rejection is read later.
  result.catch(() => {})

  const send = (
    res: ServerResponse,
    head: boolean,
    locale: PageLocale,
    status: number,
    page: CallbackPage,
  ): void => {
    const body = renderCallbackPage(page, locale)
    res.writeHead(status, { ...pageHeaders, 'Content-Length': Buffer.byteLength(body) })
    res.end(head ? undefined : body)
    logger.log('debug', 'sign-in: loopback answered', { status, page: page.kind })
  }

  const noteIgnored = (reason: IgnoredCallbackReason): void => {
    ignoredCount += 1
    if (ignoredCount > maxIgnoredCallbackNotices) return
    // Neither the state nor anything else from the query: only why it was not used.
    logger.log('warn', 'sign-in: ignored an answer that does not belong to this sign-in', {
      reason,
      ...(ignoredCount === maxIgnoredCallbackNotices ? { furtherOnesSilent: true } : {}),
    })
    try {
      options.onIgnoredCallback?.(reason)
    } catch (error) {
      logger.log('warn', 'sign-in: the ignored-answer listener threw', { error: errorName(error) })
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    unfinished.add(res)
    res.on('finish', () => unfinished.delete(res))
    res.on('close', () => unfinished.delete(res))
    const head = req.method === 'HEAD'
    const locale = options.locale ?? pageLocaleFromAcceptLanguage(req.headers['accept-language'])
    const decision = handleCallbackRequest(
      { method: req.method ?? 'GET', url: req.url ?? '/', host: req.headers.host },
      expected,
    )
    if (decision.outcome === 'ignore') {
      send(res, head, locale, decision.status, decision.page)
      return
    }
    if (phase !== 'waiting') {
      // A reload or a second tab: the first answer stands, whatever this one says.
      send(res, head, locale, phase === 'done' ? 410 : 409, {
        kind: phase === 'done' ? 'no-longer-waiting' : 'already-answered',
      })
      return
    }
    if (decision.outcome === 'mismatch') {
      send(res, head, locale, decision.status, decision.page)
      noteIgnored(decision.reason)
      return
    }
    if (decision.outcome === 'fail') {
      phase = 'done'
      send(res, head, locale, decision.status, decision.page)
      logger.log('warn', 'sign-in: the browser came back with an error', {
        error: decision.error.code,
      })
      rejectResult(decision.error)
      void close()
      return
    }
    phase = 'exchanging'
    held = { res, head, locale }
    stopTimer.abort()
    logger.log('info', 'sign-in: the browser came back with a code')
    resolveResult({ code: decision.code })
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopTimer.abort()
      signal?.removeEventListener('abort', onAbort)
      if (phase === 'waiting') rejectResult(signInCancelledError())
      phase = 'done'
      if (held) {
        send(held.res, held.head, held.locale, 410, { kind: 'no-longer-waiting' })
        held = undefined
      }
      const listening = servers.filter((server) => server.listening)
      if (listening.length === 0) return
      const closed = Promise.all(
        listening.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      )
      for (const server of listening) server.closeIdleConnections()
      await waitForPages(unfinished)
      for (const server of listening) server.closeAllConnections()
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
      send(held.res, held.head, held.locale, 400, failedPage(error))
      held = undefined
    }
    void close()
  }
  const onAbort = (): void => endWait(signInCancelledError())

  const bound: string[] = []
  try {
    for (const address of listenAddresses(target)) {
      const server = createServer(onRequest)
      server.on('clientError', (_error, socket) => socket.destroy())
      servers.push(server)
      if (await listen(server, address, target.port)) bound.push(address.address)
    }
  } catch (error) {
    // Whatever did start listening (127.0.0.1 when ::1 is taken) stops again.
    await close()
    throw error
  }
  if (signal?.aborted) {
    await close()
    throw signInCancelledError()
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  logger.log('info', 'sign-in: waiting for the browser', {
    host: target.hostname,
    port: target.port,
    addresses: bound.join(' '),
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
    port: target.port,
    result,
    finish(outcome: ExchangeOutcome): void {
      if (!held) return
      const { res, head, locale } = held
      held = undefined
      phase = 'done'
      if (outcome.ok) send(res, head, locale, 200, { kind: 'signed-in' })
      else send(res, head, locale, 400, failedPage(outcome.error))
    },
    close,
  }
}

/**
 * Listens on one address. Resolves true once listening, false when an optional address does not
 * exist on this machine (no IPv6 loopback); rejects with an error that says what to do otherwise.
 */
function listen(server: Server, where: ListenAddress, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      const missing = error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'
      if (missing && where.optional) {
        resolve(false)
      } else if (missing && where.address === '::1') {
        reject(
          new InvalidArgumentError(
            `This computer has no IPv6 loopback address (::1), so the app cannot receive the sign-in on a redirect URI with [::1]. Register one with 127.0.0.1 on the Coze console, such as http://127.0.0.1:${port}/callback.`,
            { reason: 'loopback-ipv6-unavailable', params: { port, host: where.shown } },
          ),
        )
      } else if (error.code === 'EADDRINUSE') {
        reject(new PortInUseError(port, where.shown))
      } else if (error.code === 'EACCES') {
        reject(
          new InvalidArgumentError(
            `This computer does not let the app listen on port ${port}. Register a redirect URI with a port from 1024 to 65535 on the Coze console, such as http://127.0.0.1:8080/callback.`,
            { reason: 'loopback-port-forbidden', params: { port }, cause: error },
          ),
        )
      } else {
        reject(
          new AppError(
            'INTERNAL',
            `The app could not listen on ${where.shown}:${port} to receive the sign-in (${error.code ?? 'unknown error'}). Try again, or register a redirect URI with another port.`,
            { params: { port, host: where.shown }, cause: error },
          ),
        )
      }
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve(true)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen({ host: where.address, port, exclusive: true })
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
