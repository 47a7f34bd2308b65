/**
 * The browser host: the same main-process services as the desktop app, with the built renderer
 * served on loopback and the contract carried over HTTP instead of Electron IPC.
 *
 * Who may call the bridge: a request must name this server as its Host (no DNS rebinding), come
 * from this server's own Origin (no other page), and carry the per-run secret that only the URL
 * handed to the person or the test contains (no other local process).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize, resolve, sep } from 'node:path'
import {
  bridgeCallPath,
  bridgeEventsPath,
  bridgeFragmentKey,
  bridgeLaunchFragmentKey,
  bridgeLaunchPath,
  bridgeSecretHeader,
} from '../shared/bridge-protocol'
import type { ErrorPayload } from '../shared/errors'
import type { AppEventBus } from '../main/core/events'
import type { Dispatch } from '../main/core/rpc/dispatcher'
import { rendererContentType, rendererResponseHeaders } from '../main/core/security/renderer-files'

/** Large enough for an import of thousands of accounts. */
const maxBodyBytes = 16 * 1024 * 1024
const heartbeatMs = 15_000
/** Long enough for a browser to start cold; a code is also dead once used. */
const launchCodeLifetimeMs = 120_000

/**
 * How long the server waits for a slow or silent client, and how many it holds at once. One page
 * needs a handful of connections (the event stream, a few calls, the static files); anything past
 * the cap is another program, refused rather than allowed to pin the host's sockets and memory.
 */
export interface ServerLimits {
  /** From connecting to the end of the request headers. */
  headersTimeoutMs: number
  /** From connecting to the end of the request body (an event stream, once open, is not cut). */
  requestTimeoutMs: number
  /** An idle keep-alive connection between two requests. */
  keepAliveTimeoutMs: number
  /** A refused caller that declared a body is given this long to go before its socket is cut. */
  refusedBodyTimeoutMs: number
  /** How often Node checks the two request timeouts above (their resolution). */
  timeoutCheckIntervalMs: number
  maxConnections: number
}

export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  refusedBodyTimeoutMs: 1_000,
  timeoutCheckIntervalMs: 1_000,
  maxConnections: 32,
}

export interface BrowserHostOptions {
  /** The folder of the built renderer (`out/renderer`). */
  rendererDir: string
  dispatch: Dispatch
  events: AppEventBus
  /** 0 picks a free port. */
  port?: number
  /** Fixed for tests that need to know it; random (32 bytes) otherwise. */
  secret?: string
  /** Tests shorten the timeouts; the defaults suit a person's browser. */
  limits?: Partial<ServerLimits>
}

export interface BrowserHost {
  /** The address to open: it carries the secret in its fragment. */
  url: string
  /**
   * An address for the system browser's command line: it carries a launch code that the page
   * trades for the secret once, within two minutes, so a command line seen by others holds nothing
   * that still works.
   */
  issueLaunchUrl(): string
  origin: string
  port: number
  secret: string
  stop(): Promise<void>
}

class BridgeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly payload: ErrorPayload,
  ) {
    super(payload.message)
  }
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir)
  const secret = options.secret ?? randomBytes(32).toString('base64url')
  const secretBytes = Buffer.from(secret)
  const streams = new Set<ServerResponse>()
  let origin = ''
  let hostHeader = ''

  /** The app's own page on this server, sending JSON; the secret is checked apart. */
  const checkPage = (request: IncomingMessage): void => {
    if (request.headers.host !== hostHeader) {
      throw new BridgeRefusal(403, { code: 'UNAUTHORIZED', message: 'Wrong host.' })
    }
    if (request.headers.origin !== origin) {
      throw new BridgeRefusal(403, {
        code: 'UNAUTHORIZED',
        message: 'Calls are accepted only from the app page itself.',
      })
    }
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      throw new BridgeRefusal(415, { code: 'INVALID_ARGUMENT', message: 'Send JSON.' })
    }
  }

  const checkCaller = (request: IncomingMessage): void => {
    checkPage(request)
    const presented = request.headers[bridgeSecretHeader]
    const presentedBytes = Buffer.from(typeof presented === 'string' ? presented : '')
    if (
      presentedBytes.length !== secretBytes.length ||
      !timingSafeEqual(presentedBytes, secretBytes)
    ) {
      throw new BridgeRefusal(401, {
        code: 'UNAUTHORIZED',
        message: 'The page is missing the bridge secret. Open the address the app printed.',
      })
    }
  }

  /** Unused launch codes and when each stops working (Unix ms). */
  const launchCodes = new Map<string, number>()
  const handleLaunch = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    checkPage(request)
    const body = await readJsonBody(request)
    const code = (body as { code?: unknown } | undefined)?.code
    const expiresAt = typeof code === 'string' ? launchCodes.get(code) : undefined
    // Used up whatever the outcome: a code is tried once.
    if (typeof code === 'string') launchCodes.delete(code)
    if (expiresAt === undefined || expiresAt < Date.now()) {
      throw new BridgeRefusal(401, {
        code: 'UNAUTHORIZED',
        message:
          'This link was already used or has expired. Open the address the app printed in its terminal.',
      })
    }
    sendJson(response, 200, { ok: true, value: { secret } })
  }

  const handleCall = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    checkCaller(request)
    const body = await readJsonBody(request)
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BridgeRefusal(400, {
        code: 'INVALID_ARGUMENT',
        message: 'A call is an object with an operation and a request.',
      })
    }
    const { operation, request: payload } = body as { operation?: unknown; request?: unknown }
    const result = await options.dispatch(operation, payload)
    sendJson(response, 200, result)
  }

  const handleEvents = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    checkCaller(request)
    await readJsonBody(request)
    response.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    response.write('\n')
    streams.add(response)
    const heartbeat = setInterval(() => response.write('\n'), heartbeatMs)
    response.on('close', () => {
      clearInterval(heartbeat)
      streams.delete(response)
    })
  }

  const serveStatic = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.headers.host !== hostHeader) {
      sendText(response, 403, 'Wrong host.')
      return
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', origin).pathname)
    } catch {
      sendText(response, 400, 'Bad path.')
      return
    }
    const relative = normalize(pathname === '/' ? '/index.html' : pathname)
    const file = join(rendererDir, relative)
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      sendText(response, 404, 'Not found.')
      return
    }
    const info = await stat(file).catch(() => undefined)
    if (!info?.isFile()) {
      sendText(response, 404, 'Not found.')
      return
    }
    // The same type and headers as the desktop window's app:// files.
    response.writeHead(200, {
      ...rendererResponseHeaders(rendererContentType(file)),
      'content-length': info.size,
    })
    if (request.method === 'HEAD') {
      response.end()
      return
    }
    // A file that fails mid-read (the build replaced it) ends this response, not the host.
    await pipeline(createReadStream(file), response).catch(() => response.destroy())
  }

  const limits: ServerLimits = { ...defaultServerLimits, ...options.limits }

  /*
   * A refused caller may have declared a body it never sends: Node would keep its socket open,
   * waiting, until the request timeout. The answer says the connection closes, and the socket is
   * cut shortly after (a moment's grace so the answer is read, not reset away).
   */
  const closeAfterRefusal = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.complete) return
    response.shouldKeepAlive = false
    const socket = request.socket as typeof request.socket | null
    if (!socket || socket.destroyed) return
    const timer = setTimeout(() => socket.destroy(), limits.refusedBodyTimeoutMs)
    timer.unref()
    socket.once('close', () => clearTimeout(timer))
    // What it still sends is read and dropped, so it cannot fill the buffers meanwhile.
    request.resume()
  }

  const server: Server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    (request, response) => {
      const route = async (): Promise<void> => {
        const path = (request.url ?? '/').split('?')[0]
        if (path === bridgeCallPath || path === bridgeEventsPath || path === bridgeLaunchPath) {
          if (request.method !== 'POST') {
            throw new BridgeRefusal(405, { code: 'INVALID_ARGUMENT', message: 'Use POST.' })
          }
          await (path === bridgeCallPath
            ? handleCall(request, response)
            : path === bridgeEventsPath
              ? handleEvents(request, response)
              : handleLaunch(request, response))
          return
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          closeAfterRefusal(request, response)
          sendText(response, 405, 'Method not allowed.')
          return
        }
        await serveStatic(request, response)
      }
      route().catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy()
          return
        }
        closeAfterRefusal(request, response)
        if (error instanceof BridgeRefusal) {
          sendJson(response, error.status, { ok: false, error: error.payload })
          return
        }
        sendJson(response, 500, {
          ok: false,
          error: { code: 'INTERNAL', message: 'The browser host failed to answer.' },
        })
      })
    },
  )
  // Past the cap Node closes a new connection at once, before reading anything from it.
  server.maxConnections = limits.maxConnections

  const unsubscribe = options.events.subscribe((event, payload) => {
    const line = `${JSON.stringify({ event, payload })}\n`
    for (const stream of streams) stream.write(line)
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen)
      resolveListen()
    })
  })
  const { port } = server.address() as AddressInfo
  hostHeader = `127.0.0.1:${port}`
  origin = `http://${hostHeader}`

  return {
    url: `${origin}/#${bridgeFragmentKey}=${secret}`,
    issueLaunchUrl() {
      const code = randomBytes(24).toString('base64url')
      launchCodes.set(code, Date.now() + launchCodeLifetimeMs)
      return `${origin}/#${bridgeLaunchFragmentKey}=${code}`
    },
    origin,
    port,
    secret,
    async stop() {
      unsubscribe()
      for (const stream of streams) stream.end()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > maxBodyBytes) {
      throw new BridgeRefusal(413, {
        code: 'INVALID_ARGUMENT',
        message: 'The request is too large.',
      })
    }
    chunks.push(buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new BridgeRefusal(400, {
      code: 'INVALID_ARGUMENT',
      message: 'The request is not valid JSON.',
    })
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  response.end(text)
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  })
  response.end(text)
}
