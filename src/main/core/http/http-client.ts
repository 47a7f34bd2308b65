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

/** A GET for a small file, such as a picture: never a credential, never a redirect. */
export interface BytesRequest {
  url: string
  /** The `Accept` header. */
  accept: string
  /** A longer body is not read to its end: the request fails with ResponseTooLargeError. */
  maxBytes: number
  /** Shorter than the client's own deadline, for something that may be left out. */
  timeoutMs?: number
  signal?: AbortSignal
}

export interface BytesResponse {
  status: number
  /** The media type, lower case, without parameters; '' when the server named none. */
  contentType: string
  bytes: Uint8Array
}

/** A body longer than the caller allows. */
export class ResponseTooLargeError extends InvalidResponseError {
  constructor(maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes`)
  }
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
    const url = secureUrl(request.url)
    if (request.signal?.aborted) throw new CancelledError()

    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.userAgent,
    }
    if (request.json !== undefined) headers['content-type'] = 'application/json'
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`

    const { response, body: text } = await this.exchangeWithin(
      url,
      {
        method: request.method,
        headers,
        body: request.json === undefined ? null : JSON.stringify(request.json),
        ...(request.signal ? { signal: request.signal } : {}),
      },
      (response) => response.text(),
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
   * Reads a small file with a GET: the same https rule, transport and deadline as `send`, no
   * credential, and at most `maxBytes` of body (a longer one is cut off and refused, whatever
   * its Content-Length said). Any status comes back: the caller decides what a 404 means.
   */
  async getBytes(request: BytesRequest): Promise<BytesResponse> {
    const url = secureUrl(request.url)
    if (request.signal?.aborted) throw new CancelledError()
    const { response, body } = await this.exchangeWithin(
      url,
      {
        method: 'GET',
        headers: { accept: request.accept, 'user-agent': this.userAgent },
        body: null,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
      },
      (answer) => readAtMost(answer, request.maxBytes),
    )
    const contentType = (response.headers.get('content-type') ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase()
    return { status: response.status, contentType: contentType ?? '', bytes: body }
  }

  /**
   * Sends the request and reads the whole body before the deadline, or fails. The deadline is our
   * own timer, raced against the exchange: Node's fetch can leave a stalled body pending after its
   * signal fired, and a refresh waiting on it would hold the account's lock for ever. One timer per
   * request, cleared as soon as the body is in.
   */
  private async exchangeWithin<T>(
    url: URL,
    request: {
      method: 'GET' | 'POST'
      headers: Record<string, string>
      body: string | null
      signal?: AbortSignal
      timeoutMs?: number
    },
    read: (response: Response) => Promise<T>,
  ): Promise<{ response: Response; body: T }> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs
    const controller = new AbortController()
    const caller = request.signal
    let timer: ReturnType<typeof setTimeout> | undefined
    let onCallerAbort: (() => void) | undefined
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new TimeoutError(url.host, Math.round(timeoutMs / 1000)))
        controller.abort()
      }, timeoutMs)
      onCallerAbort = () => {
        reject(new CancelledError())
        controller.abort()
      }
      caller?.addEventListener('abort', onCallerAbort, { once: true })
    })
    const exchange = (async () => {
      const response = await this.fetchImpl(url.href, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'error',
      })
      return { response, body: await read(response) }
    })()
    // Whichever loses the race is settled later, or never; nobody waits for it.
    exchange.catch(() => {})
    try {
      return await Promise.race([exchange, deadline])
    } catch (error) {
      // The deadline, the caller's cancel and a refused body reject with their own errors;
      // anything else is the transport failing.
      throw error instanceof AppError ? error : new NetworkError(url.host, error)
    } finally {
      clearTimeout(timer)
      if (onCallerAbort) caller?.removeEventListener('abort', onCallerAbort)
    }
  }
}

/** https, or plain http on this computer only. */
function secureUrl(raw: string): URL {
  const url = new URL(raw)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InsecureUrlError(raw)
  }
  return url
}

/** The body, up to `maxBytes`: a longer one is cancelled as soon as it passes the limit. */
async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {})
    throw new ResponseTooLargeError(maxBytes)
  }
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const parts: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.byteLength
    if (length > maxBytes) {
      await reader.cancel().catch(() => {})
      throw new ResponseTooLargeError(maxBytes)
    }
    parts.push(value)
  }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  return bytes
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
