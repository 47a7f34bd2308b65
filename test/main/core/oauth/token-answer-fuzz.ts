import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isErrorCode } from '../../../../src/shared/errors'
import { AppError } from '../../../../src/main/core/errors'
import type { TokenSet } from '../../../../src/main/core/oauth/token-client'
import type { CannedAnswer, TokenPath } from './token-answer-server'
import { oauthClient, TokenAnswerServer, tokenPaths } from './token-answer-server'

/**
 * Generated answers of the token endpoint, along every grant: 2,000 in the normal run
 * (token-answer-fuzz.test.ts), 10,000 in the stress run (token-answer-fuzz.stress.test.ts); the
 * generator is seeded, so the short run's answers are the first of the long run's. Each must end as a token that
 * passes the plausibility rules below (checked here independently of the client) or as an AppError
 * with a stable code; never an untyped error, never INTERNAL.
 *
 * Every tenth answer, and every body cut off in transit, travels over real loopback HTTP; the rest
 * reach the client through its fetch port as the same bytes, status and headers, so the whole run
 * takes a second or two instead of the ten that 10,000 round trips cost on a busy machine.
 */
const overHttpEvery = 10
const concurrency = 16
const now = Date.UTC(2026, 11, 2, 10, 0, 0)
const nowSeconds = Math.floor(now / 1000)
const day = 24 * 60 * 60

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const next = random(0xc02e)
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
const chance = (p: number): boolean => next() < p
const alphanumeric = (length: number): string =>
  Array.from({ length }, () =>
    pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-']),
  ).join('')

const oddStrings = (): string =>
  pick([
    () => `czu_${alphanumeric(40)}`,
    () => `czs_${alphanumeric(1 + Math.floor(next() * 200))}`,
    () => '',
    () => ' ',
    () => `czu_${alphanumeric(8)} ${alphanumeric(8)}`,
    () => `czu_${alphanumeric(8)}\u0000`,
    () => `\t${alphanumeric(10)}`,
    () => `${alphanumeric(10)}\r\n`,
    () => `czu_${alphanumeric(4)}\u007f`,
    () => `czu_${alphanumeric(4)}\u0085`,
    () => `czu_\u00a0${alphanumeric(4)}`,
    () => `czu_\u2028`,
    () => `\ufeffczu_${alphanumeric(6)}`,
    () => `czu_\u200b${alphanumeric(6)}`,
    () => 'czu_😀',
    () => 'czu_\ud800',
    () => '令牌',
    () => 'é'.repeat(5000),
    () => 'x'.repeat(8 * 1024),
    () => 'x'.repeat(8 * 1024 + 1),
    () => 'y'.repeat(20_000),
    () => '<script>alert(1)</script>',
    () => 'null',
    () => '1720098388',
  ])()

const oddNumbers = (): number =>
  pick([
    () => nowSeconds + 900,
    () => nowSeconds + Math.floor(next() * 86_399),
    () => nowSeconds - 100,
    () => nowSeconds - 2 * day,
    () => nowSeconds + 2 * 365 * day,
    () => 9e15,
    () => 1e308,
    () => -1e308,
    () => 0,
    () => -1,
    () => 3600,
    () => 1.5,
    () => 999_999_999,
    () => 1_000_000_000,
    () => 1_700_000_000,
    () => Number.MAX_SAFE_INTEGER,
    () => 5e-324,
    () => -0,
  ])()

const oddValues = (depth = 0): unknown =>
  pick([
    oddStrings,
    oddStrings,
    oddNumbers,
    () => null,
    () => true,
    () => false,
    () => (depth > 2 ? [] : [oddValues(depth + 1), oddValues(depth + 1)]),
    () => (depth > 2 ? {} : { access_token: oddValues(depth + 1) }),
  ])()

const oauthErrors = [
  'authorization_pending',
  'slow_down',
  'invalid_grant',
  'invalid_client',
  'access_deny',
  'access_denied',
  'expired_token',
  'internal_error',
  'invalid_request',
  'something_new',
]

function tokenObject(): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (chance(0.85)) body.access_token = chance(0.6) ? oddStrings() : oddValues()
  if (chance(0.8)) body.expires_in = chance(0.7) ? oddNumbers() : oddValues()
  if (chance(0.75)) body.refresh_token = chance(0.6) ? oddStrings() : oddValues()
  if (chance(0.1)) body.token_type = oddValues()
  if (chance(0.12))
    body[chance(0.5) ? 'error_code' : 'error'] = chance(0.8) ? pick(oauthErrors) : oddValues()
  if (chance(0.08)) body.error_message = oddValues()
  if (chance(0.05)) body.detail = chance(0.5) ? { logid: oddValues() } : oddValues()
  if (chance(0.05)) body[oddStrings().slice(0, 20)] = oddValues()
  return body
}

const rawBodies: readonly (() => string | Buffer)[] = [
  () => 'null',
  () => '[]',
  () => `[${JSON.stringify(tokenObject())}]`,
  () => JSON.stringify(oddStrings()),
  () => String(oddNumbers()),
  () => 'true',
  () => '{}',
  () => '',
  () => '   \n',
  () => '<html><body><h1>502 Bad Gateway</h1></body></html>',
  () => '<!doctype html><title>Sign in</title>',
  () => JSON.stringify(tokenObject()).slice(0, Math.floor(next() * 40)),
  () => `{"access_token":"czu_${alphanumeric(20)}","refresh_token":"rt_x","expires_in":1e400}`,
  () => `{"access_token":"czu_${alphanumeric(20)}","refresh_token":"rt_x","expires_in":-1e400}`,
  () => `${JSON.stringify(tokenObject())}${JSON.stringify(tokenObject())}`,
  () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
  () => `{"access_token":"czu_\\u0000x","refresh_token":"r","expires_in":${nowSeconds + 900}}`,
  () => '['.repeat(5_000) + ']'.repeat(5_000),
  () => '\u0000',
  () =>
    `{"access_token":"czu_a","access_token":"czu_b c","refresh_token":"r","expires_in":${nowSeconds + 900}}`,
]

const statuses = [
  200, 200, 200, 200, 200, 200, 201, 202, 204, 301, 302, 400, 401, 403, 404, 429, 500, 502, 503,
]
const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'text/html',
  'text/plain',
  undefined,
]

/** A good answer with one field, or none, replaced by an odd value. */
function nearlyGoodObject(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: `czu_${alphanumeric(40)}`,
    refresh_token: `rt_${alphanumeric(40)}`,
    expires_in: nowSeconds + 900,
  }
  const field = pick(['access_token', 'refresh_token', 'expires_in', 'none', 'none'])
  if (field === 'none') return body
  if (chance(0.1)) delete body[field]
  else
    body[field] = field === 'expires_in' ? oddNumbers() : chance(0.7) ? oddStrings() : oddValues()
  return body
}

function generatedAnswer(): CannedAnswer {
  const shape = next()
  const body =
    shape < 0.25
      ? pick(rawBodies)()
      : JSON.stringify(shape < 0.6 ? nearlyGoodObject() : tokenObject())
  const headers: Record<string, string> = {}
  const contentType = pick(contentTypes)
  if (contentType) headers['content-type'] = contentType
  if (chance(0.7)) headers['x-tt-logid'] = `log-${alphanumeric(12)}`
  const answer: CannedAnswer = { status: pick(statuses), body, headers }
  if (chance(0.03)) answer.truncate = true
  return answer
}

/** The rules a stored token must meet, written here again so the test does not trust the client. */
function implausibility(path: TokenPath, tokens: TokenSet): string | undefined {
  const plausibleToken = (value: unknown): boolean =>
    typeof value === 'string' && /^[!-~]{1,8192}$/.test(value)
  if (!plausibleToken(tokens.accessToken)) return 'access token'
  if (path !== 'jwt' && !plausibleToken(tokens.refreshToken)) return 'refresh token'
  if (tokens.refreshToken !== undefined && !plausibleToken(tokens.refreshToken))
    return 'refresh token'
  const expiry = tokens.accessTokenExpiresAt
  if (!Number.isFinite(expiry) || expiry < now - day * 1000 || expiry > now + 366 * day * 1000)
    return `expiry ${expiry}`
  return undefined
}

const expectedCodes = new Set([
  'INVALID_RESPONSE',
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'REQUEST_REFUSED',
  'INVALID_CLIENT',
  'INVALID_GRANT',
  'REFRESH_TOKEN_DEAD',
  'ACCESS_DENIED',
  'DEVICE_CODE_EXPIRED',
])

export function describeTokenAnswerFuzz(answerCount: number): void {
  const server = new TokenAnswerServer()
  beforeAll(() => server.start())
  afterAll(() => server.stop())

  describe('token answers, fuzzed', () => {
    it(`turns ${answerCount} generated answers into plausible tokens or typed errors`, async () => {
      const answers = Array.from({ length: answerCount }, (_, index) => {
        const answer = generatedAnswer()
        return {
          path: pick(tokenPaths),
          answer,
          overHttp: index % overHttpEvery === 0 || answer.truncate === true,
        }
      })
      const oauth = oauthClient(
        { now: () => now, sleep: async () => {} },
        10_000,
        async (input, init) => {
          const request = JSON.parse(String(init?.body)) as { client_id?: string }
          const key = request.client_id ?? new Headers(init?.headers).get('authorization') ?? ''
          const index = Number(key.replace(/^(Bearer )?fuzz-/, ''))
          if (answers[index]?.overHttp) return fetch(input, init)
          const answer = server.take(key)
          if (!answer) throw new Error(`no answer for ${key}`)
          const withoutBody = [204, 205, 304].includes(answer.status)
          return new Response(withoutBody ? null : answer.body, {
            status: answer.status,
            headers: answer.headers ?? {},
          })
        },
      )
      const untyped: string[] = []
      const implausible: string[] = []
      const codes = new Map<string, number>()
      let accepted = 0
      let logIdsKept = 0
      let logIdsOffered = 0
      let overHttp = 0

      let cursor = 0
      const worker = async (): Promise<void> => {
        while (cursor < answers.length) {
          const index = cursor++
          const { path, answer } = answers[index] as (typeof answers)[number]
          if (answers[index]?.overHttp) overHttp += 1
          try {
            const tokens = await server.ask(oauth, path, `fuzz-${index}`, answer)
            if (tokens === undefined) continue
            accepted += 1
            const problem = implausibility(path, tokens)
            if (problem) implausible.push(`#${index} ${path}: ${problem}`)
          } catch (error) {
            if (
              !(error instanceof AppError) ||
              !isErrorCode(error.code) ||
              error.code === 'INTERNAL'
            ) {
              untyped.push(`#${index} ${path}: ${String(error).slice(0, 120)}`)
              continue
            }
            codes.set(error.code, (codes.get(error.code) ?? 0) + 1)
            const logId = answer.headers?.['x-tt-logid']
            if (error.code === 'INVALID_RESPONSE' && logId !== undefined && !answer.truncate) {
              logIdsOffered += 1
              if (error.logId === logId) logIdsKept += 1
            }
          }
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker))

      expect(untyped).toEqual([])
      expect(implausible).toEqual([])
      expect([...codes.keys()].filter((code) => !expectedCodes.has(code))).toEqual([])
      // Every refusal of a readable answer keeps the server's log ID for a support ticket.
      expect(logIdsKept).toBe(logIdsOffered)
      // The generator reaches both outcomes and the main failure kinds, so the checks above bite.
      expect(accepted).toBeGreaterThan(answerCount / 20)
      for (const code of ['INVALID_RESPONSE', 'NETWORK', 'SERVER_ERROR', 'REQUEST_REFUSED'])
        expect(codes.get(code) ?? 0).toBeGreaterThan(0)
      expect(logIdsOffered).toBeGreaterThan(answerCount / 100)
      expect(overHttp).toBeGreaterThan(answerCount / overHttpEvery)
    }, 60_000)
  })
}
