import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { browserRoutes, sendPageFailure } from './browser-routes'
import type { Route, RouteContext, RouteFlavour, SandboxRuntime } from './context'
import type { TakenFault } from './faults'
import { parseBody, readBody, sendHtml, sendJson } from './http-util'
import { internalError, invalidRequest, OAuthFailure, sendOAuthFailure } from './oauth-errors'
import { oauthRoutes } from './oauth-routes'
import {
  CODE_BAD_REQUEST,
  CODE_INTERNAL,
  CODE_NOT_FOUND,
  openApiRoutes,
  sendOpenApiError,
} from './openapi-routes'
import { makeLogId } from './random'
import type { RequestRecorder } from './recorder'
import { redactHeaders } from './recorder'
import type { RegionState } from './registry'
import type { RecordedRequest } from './types'

const ROUTES: Route[] = [...oauthRoutes, ...browserRoutes, ...openApiRoutes]

export interface RegionServerOptions {
  region: RegionState
  runtime: SandboxRuntime
  recorder: RequestRecorder
  logRequests: boolean
}

export interface RegionServer {
  listen(port: number): Promise<string>
  close(): Promise<void>
}

function flavourOfPath(path: string): RouteFlavour {
  if (path.startsWith('/v1/')) return 'openapi'
  if (path.startsWith('/api/permission/oauth2/') && !path.endsWith('/authorize')) return 'oauth'
  return 'page'
}

/** One error in the dialect of the endpoint, so clients see what they would see from Coze. */
function sendFailure(
  ctx: Pick<RouteContext, 'res' | 'region' | 'logId'>,
  flavour: RouteFlavour,
  failure: OAuthFailure,
  openApiCode: number,
): void {
  if (flavour === 'oauth') sendOAuthFailure(ctx.res, failure)
  else if (flavour === 'openapi') {
    sendOpenApiError(ctx.res, openApiCode, failure.message, ctx.logId, failure.status)
  } else sendPageFailure(ctx.res, ctx.region.site, failure.status, failure.code, failure.message)
}

const GATEWAY_PAGE = (status: number): string => `<!doctype html>
<html><head><title>${status} Bad Gateway</title></head>
<body><h1>${status} Bad Gateway</h1><hr><p>sandbox-gateway</p></body></html>
`

function applyFault(
  fault: TakenFault,
  req: IncomingMessage,
  ctx: Pick<RouteContext, 'res' | 'region' | 'logId'>,
  flavour: RouteFlavour,
): boolean {
  switch (fault.kind) {
    case 'drop':
      req.socket.destroy()
      return true
    case 'html':
      sendHtml(ctx.res, fault.status ?? 502, GATEWAY_PAGE(fault.status ?? 502))
      return true
    case 'http500': {
      const failure = internalError()
      const status = fault.status ?? 500
      sendFailure(
        ctx,
        flavour,
        new OAuthFailure(status, failure.code, failure.message),
        CODE_INTERNAL,
      )
      return true
    }
    case 'latency':
      return false
  }
}

function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'wrong-method' | null {
  let pathMatched = false
  for (const route of ROUTES) {
    const match = route.pattern.exec(path)
    if (!match) continue
    pathMatched = true
    if (route.method !== method) continue
    const params: Record<string, string> = {}
    route.paramNames?.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '')
    })
    return { route, params }
  }
  return pathMatched ? 'wrong-method' : null
}

function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://sandbox.invalid')
  } catch {
    return null
  }
}

const BODY_ERRORS = {
  malformed: 'body is not valid JSON',
  'not-an-object': 'body must be a JSON object',
  'unsupported-content-type': 'content type must be application/json',
} as const

export function createRegionServer(options: RegionServerOptions): RegionServer {
  const { region, runtime, recorder, logRequests } = options
  const sockets = new Set<Socket>()
  const closing = new AbortController()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const logId = makeLogId(runtime.clock.now())
    res.setHeader('X-Tt-Logid', logId)
    const method = req.method ?? 'GET'
    const url = parseTarget(req.url)
    const { headers, authorization } = redactHeaders(req.headers)
    const record: RecordedRequest = {
      seq: recorder.nextSeq(),
      region: region.name,
      method,
      path: url?.pathname ?? req.url ?? '',
      query: url ? Object.fromEntries(url.searchParams) : {},
      headers,
      authorization,
      bodyKeys: [],
      status: null,
      logId,
      fault: null,
      at: runtime.clock.now(),
    }
    recorder.add(record)
    res.on('close', () => {
      const status = res.headersSent ? res.statusCode : null
      recorder.complete(record, status)
      if (logRequests) {
        const ms = (performance.now() - started).toFixed(1)
        const fault = record.fault ? ` [fault: ${record.fault}]` : ''
        console.log(
          `[${region.name}] ${method} ${record.path} -> ${status ?? 'dropped'} ${ms}ms${fault}`,
        )
      }
    })

    const base = { res, region, logId }
    if (!url) {
      sendOpenApiError(res, CODE_BAD_REQUEST, 'invalid request target', logId)
      return
    }
    const path = url.pathname
    const body = await readBody(req)
    if (!body.ok) {
      if (body.reason === 'aborted') return
      sendFailure(
        base,
        flavourOfPath(path),
        new OAuthFailure(413, 'invalid_request', 'invalid request: body is too large'),
        CODE_BAD_REQUEST,
      )
      return
    }
    const loose = parseBody(body.raw, req.headers['content-type'], 'json-or-form')
    if (loose.ok) record.bodyKeys = Object.keys(loose.fields)

    const fault = runtime.faults.take(region.name, path)
    if (fault) {
      record.fault = fault.kind
      recorder.seen(record)
      if (fault.kind === 'latency') {
        try {
          await delay(fault.ms, undefined, { signal: closing.signal })
        } catch {
          // stop() was called: the socket is gone, and a long latency must not hold the process.
          return
        }
      }
      if (applyFault(fault, req, base, flavourOfPath(path))) return
    }

    let matched: ReturnType<typeof matchRoute>
    try {
      matched = matchRoute(method, path)
    } catch {
      sendFailure(base, flavourOfPath(path), invalidRequest('path'), CODE_BAD_REQUEST)
      return
    }
    if (matched === null) {
      sendOpenApiError(res, CODE_NOT_FOUND, `not found: ${method} ${path}`, logId)
      return
    }
    if (matched === 'wrong-method') {
      sendFailure(
        base,
        flavourOfPath(path),
        new OAuthFailure(
          405,
          'invalid_request',
          `invalid request: method ${method} is not allowed`,
        ),
        CODE_BAD_REQUEST,
      )
      return
    }
    const { route, params } = matched
    let fields: Record<string, unknown> = {}
    if (route.body !== null) {
      const parsed = parseBody(body.raw, req.headers['content-type'], route.body)
      if (!parsed.ok) {
        sendFailure(
          base,
          route.flavour,
          invalidRequest(BODY_ERRORS[parsed.reason]),
          CODE_BAD_REQUEST,
        )
        return
      }
      fields = parsed.fields
    }
    const ctx: RouteContext = { req, res, url, region, runtime, body: fields, params, logId }
    try {
      await route.handle(ctx)
    } catch (error) {
      if (error instanceof OAuthFailure) {
        sendFailure(base, route.flavour, error, CODE_BAD_REQUEST)
        return
      }
      throw error
    }
  }

  const server: Server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[sandbox] unexpected error', error)
      if (res.headersSent) {
        res.destroy()
        return
      }
      sendJson(res, 500, {
        error: 'internal_error',
        error_code: 'internal_error',
        error_message: 'Service internal error.',
      })
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const logId = makeLogId(runtime.clock.now())
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nX-Tt-Logid: ${logId}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    )
  })

  return {
    listen(port: number): Promise<string> {
      return new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error)
        server.once('error', onError)
        server.listen(port, '127.0.0.1', () => {
          server.off('error', onError)
          const address = server.address() as AddressInfo
          const apiBase = `http://127.0.0.1:${address.port}`
          region.setBases(apiBase)
          resolve(apiBase)
        })
      })
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve()
          return
        }
        closing.abort()
        server.close(() => resolve())
        // Keep-alive sockets (axios, fetch) would otherwise hold close() open for seconds.
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}
