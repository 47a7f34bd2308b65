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
   *
   * The transport gets a signal only when the caller brought one (to cancel a sign-in): a signal
   * per request costs fetch about as much again as all the rest of this client. An exchange that
   * loses the race to the deadline is left to the transport, whose own header and body timeouts
   * (undici's, five minutes) close its connection; nobody waits for it.
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
    const caller = request.signal
    // One promise, settled by whichever comes first: the body, the deadline, the caller's cancel
    // or a failure. What comes later is ignored (a promise settles once).
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish()
        reject(new TimeoutError(url.host, Math.round(timeoutMs / 1000)))
      }, timeoutMs)
      // The exchange's own socket keeps the process alive while it is pending; a timer that does
      // too costs fetch a tenth of its time again (the event loop's reference, on and off).
      timer.unref()
      const onCallerAbort = (): void => {
        finish()
        reject(new CancelledError())
      }
      const finish = (): void => {
        clearTimeout(timer)
        caller?.removeEventListener('abort', onCallerAbort)
      }
      caller?.addEventListener('abort', onCallerAbort, { once: true })
      this.fetchImpl(url.href, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        ...(caller ? { signal: caller } : {}),
        redirect: 'error',
      })
        .then((response) => read(response).then((body) => ({ response, body })))
        .then(
          (answer) => {
            finish()
            resolve(answer)
          },
          (error: unknown) => {
            finish()
            // A refused body rejects with its own error; anything else is the transport failing.
            reject(error instanceof AppError ? error : new NetworkError(url.host, error))
          },
        )
    })
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
