import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import { CozeOAuthClient } from '../../../../src/main/core/oauth/token-client'
import type { TokenSet } from '../../../../src/main/core/oauth/token-client'
import type { Clock, FetchLike } from '../../../../src/main/core/ports'
import type { RegionEndpoints } from '../../../../src/main/core/regions'

/** One answer of the token endpoint, byte for byte. */
export interface CannedAnswer {
  status: number
  body: string | Buffer
  headers?: Record<string, string>
  /** Announce more bytes than are sent, then close: a body cut off in transit. */
  truncate?: boolean
}

export type TokenPath = 'code' | 'refresh' | 'device' | 'jwt'
export const tokenPaths: readonly TokenPath[] = ['code', 'refresh', 'device', 'jwt']

/**
 * A loopback token endpoint that serves canned answers: each request names its answer by the key
 * it carries (the client ID, or the Bearer for a JWT), so many answers go through one server and
 * one connection pool, concurrently.
 */
export class TokenAnswerServer {
  private readonly answers = new Map<string, CannedAnswer>()
  private server: Server | undefined
  endpoints!: RegionEndpoints

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          client_id?: string
        }
        const answer = this.take(body.client_id ?? req.headers.authorization ?? '')
        if (!answer) {
          res.writeHead(599).end()
          return
        }
        const bytes = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
        res.writeHead(answer.status, {
          'content-length': String(bytes.length + (answer.truncate ? 50 : 0)),
          ...answer.headers,
        })
        if (answer.truncate) {
          res.write(bytes, () => res.socket?.destroy())
        } else {
          res.end(bytes)
        }
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const port = (this.server.address() as AddressInfo).port
    const base = `http://127.0.0.1:${port}`
    this.endpoints = {
      region: 'custom',
      apiBase: base,
      webBase: base,
      audience: `127.0.0.1:${port}`,
    }
  }

  /**
   * The answer a request asks for (by its client ID, or its `Authorization` for a JWT), served once.
   * An in-process fetch port may take it too, to skip the network for most of a large batch.
   */
  take(key: string): CannedAnswer | undefined {
    const name = key.replace(/^Bearer /, '')
    const answer = this.answers.get(name)
    this.answers.delete(name)
    return answer
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  /**
   * Sends one request along `path` that the server answers with `answer`. A device poll that is
   * told to wait gives undefined: no token, and no failure either.
   */
  ask(
    oauth: CozeOAuthClient,
    path: TokenPath,
    key: string,
    answer: CannedAnswer,
  ): Promise<TokenSet | undefined> {
    this.answers.set(key, answer)
    const at = this.endpoints
    switch (path) {
      case 'code':
        return oauth.exchangeCode(at, {
          clientId: key,
          redirectUri: 'http://127.0.0.1:8080/callback',
          code: 'code_x',
          codeVerifier: 'v'.repeat(43),
        })
      case 'refresh':
        return oauth.refresh(at, { clientId: key, refreshToken: 'rt_old' })
      case 'device':
        return oauth
          .pollDeviceToken(at, { clientId: key, deviceCode: 'dc' })
          .then((outcome) => (outcome.status === 'approved' ? outcome.tokens : undefined))
      case 'jwt':
        return oauth.jwtToken(at, { jwt: key, durationSeconds: 900 })
    }
  }
}

export function oauthClient(
  clock: Clock,
  timeoutMs = 10_000,
  fetchPort: FetchLike = (input, init) => fetch(input, init),
): CozeOAuthClient {
  return new CozeOAuthClient(new HttpClient({ fetch: fetchPort, timeoutMs }), clock)
}

/** A token answer as Coze sends it, `expiresIn` seconds from `nowMs`. */
export function goodAnswer(nowMs: number, fields: Record<string, unknown> = {}): CannedAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-tt-logid': 'log-answer' },
    body: JSON.stringify({
      access_token: 'czu_GoodAccessToken0123456789',
      refresh_token: 'rt_GoodRefreshToken0123456789',
      expires_in: Math.floor(nowMs / 1000) + 900,
      ...fields,
    }),
  }
}
