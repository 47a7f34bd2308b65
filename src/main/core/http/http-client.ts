import {
  AppError,
  CancelledError,
  InsecureUrlError,
  InvalidResponseError,
  NetworkError,
  ServerError,
  TimeoutError,
} from '../errors'
import type { FetchLike } from '../ports'
import { isLoopbackHost } from '../security/url-policy'

export interface HttpClientOptions {
  fetch: FetchLike
  /** Per request; default 20 s. */
  timeoutMs?: number
  /** Extra headers on every request (never a credential). */
  userAgent?: string
}

export interface JsonRequest {
  method: 'GET' | 'POST'
  url: string
  /** Sent as `Authorization: Bearer …` when given; an empty string sends an empty Bearer. */
  bearer?: string
  json?: unknown
  signal?: AbortSignal
}

export interface JsonResponse {
  status: number
  /** `X-Tt-Logid`, or `detail.logid` in the body. */
  logId?: string
  body: unknown
}

/**
 * JSON over HTTP to Coze: https only (http on loopback), a timeout on every request, and every
 * failure turned into an error class that says what to do. It never puts a credential into an
 * error or a log line.
 */
export class HttpClient {
  private fetchImpl: FetchLike
  private readonly timeoutMs: number
  private readonly userAgent: string

  constructor(options: HttpClientOptions) {
    this.fetchImpl = options.fetch
    this.timeoutMs = options.timeoutMs ?? 20_000
    this.userAgent = options.userAgent ?? 'coze-auth-companion'
  }

  /** Swaps the transport, e.g. when the person changes the proxy setting. */
  useFetch(fetchImpl: FetchLike): void {
    this.fetchImpl = fetchImpl
  }

  async send(request: JsonRequest): Promise<JsonResponse> {
    const url = new URL(request.url)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new InsecureUrlError(request.url)
    }
    if (request.signal?.aborted) throw new CancelledError()

    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.userAgent,
    }
    if (request.json !== undefined) headers['content-type'] = 'application/json'
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`

    const { response, text } = await this.exchangeWithin(url, request, headers).catch(
      (error: unknown) => {
        // The deadline and the caller's cancel reject with their own errors; anything else is
        // the transport failing.
        throw error instanceof AppError ? error : new NetworkError(url.host, error)
      },
    )

    const headerLogId = response.headers.get('x-tt-logid') ?? undefined
    const body = parseJson(text)
    const logId = headerLogId ?? bodyLogId(body)
    const details =
      logId === undefined ? { status: response.status } : { status: response.status, logId }
    if (body === undefined) {
      if (response.status >= 500) throw new ServerError(details)
      const looksLikeHtml = /^\s*</.test(text)
      throw new InvalidResponseError(
        looksLikeHtml
          ? `a web page instead of data, status ${response.status}`
          : `status ${response.status}`,
        details,
      )
    }
    return logId === undefined
      ? { status: response.status, body }
      : { status: response.status, logId, body }
  }

  /**
   * Sends the request and reads the whole body before the deadline, or fails. The deadline is our
   * own timer, raced against the exchange: Node's fetch can leave a stalled body pending after its
   * signal fired, and a refresh waiting on it would hold the account's lock for ever. One timer per
   * request, cleared as soon as the body is in.
   */
  private exchangeWithin(
    url: URL,
    request: JsonRequest,
    headers: Record<string, string>,
  ): Promise<{ response: Response; text: string }> {
    const controller = new AbortController()
    const caller = request.signal
    let timer: ReturnType<typeof setTimeout> | undefined
    let onCallerAbort: (() => void) | undefined
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new TimeoutError(url.host, Math.round(this.timeoutMs / 1000)))
        controller.abort()
      }, this.timeoutMs)
      onCallerAbort = () => {
        reject(new CancelledError())
        controller.abort()
      }
      caller?.addEventListener('abort', onCallerAbort, { once: true })
    })
    const exchange = (async () => {
      const response = await this.fetchImpl(url.href, {
        method: request.method,
        headers,
        body: request.json === undefined ? null : JSON.stringify(request.json),
        signal: controller.signal,
        redirect: 'error',
      })
      return { response, text: await response.text() }
    })()
    // Whichever loses the race is settled later, or never; nobody waits for it.
    exchange.catch(() => {})
    return Promise.race([exchange, deadline]).finally(() => {
      clearTimeout(timer)
      if (onCallerAbort) caller?.removeEventListener('abort', onCallerAbort)
    })
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function bodyLogId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const detail = (body as { detail?: unknown }).detail
  if (typeof detail !== 'object' || detail === null) return undefined
  const logid = (detail as { logid?: unknown }).logid
  return typeof logid === 'string' && logid !== '' ? logid : undefined
}
