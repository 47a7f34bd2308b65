import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CannedAnswer } from './token-answer-server'
import { goodAnswer, oauthClient, TokenAnswerServer, tokenPaths } from './token-answer-server'
import { rejectionOf } from '../../../support/errors'

const server = new TokenAnswerServer()
const now = Date.UTC(2026, 11, 2, 10, 0, 0)
const oauth = oauthClient({ now: () => now, sleep: async () => {} })
const nowSeconds = Math.floor(now / 1000)
const day = 24 * 60 * 60

beforeAll(() => server.start())
afterAll(() => server.stop())

const logged = { 'content-type': 'application/json', 'x-tt-logid': 'log-odd' }
const raw = (body: string): CannedAnswer => ({ status: 200, headers: logged, body })

const implausible: [string, CannedAnswer][] = [
  ['a null body', raw('null')],
  ['a list', raw('[{"access_token":"czu_x"}]')],
  ['a string', raw('"czu_x"')],
  ['a number', raw('1720098388')],
  ['an access token with a space', goodAnswer(now, { access_token: 'czu_a b' })],
  ['an access token with a newline', goodAnswer(now, { access_token: 'czu_a\nb' })],
  ['an access token with NUL', goodAnswer(now, { access_token: 'czu_a\u0000b' })],
  ['an access token with DEL', goodAnswer(now, { access_token: 'czu_a\u007fb' })],
  ['an access token with a zero-width space', goodAnswer(now, { access_token: 'czu_a\u200bb' })],
  ['an access token over 8 KiB', goodAnswer(now, { access_token: `czu_${'x'.repeat(8 * 1024)}` })],
  ['an access token that is a number', goodAnswer(now, { access_token: 12345 })],
  ['a refresh token with a tab', goodAnswer(now, { refresh_token: 'rt_a\tb' })],
  ['a refresh token with NUL', goodAnswer(now, { refresh_token: 'rt_\u0000' })],
  ['a refresh token over 8 KiB', goodAnswer(now, { refresh_token: 'r'.repeat(8 * 1024 + 1) })],
  ['a refresh token that is an object', goodAnswer(now, { refresh_token: { t: 1 } })],
  ['expires_in 9e15', goodAnswer(now, { expires_in: 9e15 })],
  ['expires_in two years ahead', goodAnswer(now, { expires_in: nowSeconds + 2 * 365 * day })],
  ['expires_in two days ago', goodAnswer(now, { expires_in: nowSeconds - 2 * day })],
  ['expires_in 1e308', goodAnswer(now, { expires_in: 1e308 })],
  ['expires_in as text', goodAnswer(now, { expires_in: String(nowSeconds + 900) })],
]

describe('token answers', () => {
  describe.each(tokenPaths)('on the %s path', (path) => {
    it.each(implausible)('refuses %s as INVALID_RESPONSE with the log ID', async (name, answer) => {
      // The JWT grant has no refresh token; a bad one is refused there too, never stored.
      const error = await rejectionOf(server.ask(oauth, path, `${path}:${name}`, answer))
      expect(error.code).toBe('INVALID_RESPONSE')
      expect(error.logId).toBe(answer.headers?.['x-tt-logid'])
      expect(error.logId).toMatch(/^log-/)
      // The message names the field, never the value.
      expect(error.message).not.toContain('czu_a')
      expect(error.message).not.toContain('rt_a')
    })

    it.each([
      ['expiring in 15 minutes', nowSeconds + 900],
      ['expired an hour ago (clock skew)', nowSeconds - 3600],
      ['expiring in 364 days', nowSeconds + 364 * day],
    ])('accepts a token %s', async (_name, expiresIn) => {
      const tokens = await server.ask(
        oauth,
        path,
        `${path}:ok:${expiresIn}`,
        goodAnswer(now, { expires_in: expiresIn }),
      )
      expect(tokens).toMatchObject({
        accessToken: 'czu_GoodAccessToken0123456789',
        accessTokenExpiresAt: expiresIn * 1000,
        logId: 'log-answer',
      })
    })

    it('accepts a token of exactly 8 KiB', async () => {
      const longest = `czu_${'x'.repeat(8 * 1024 - 4)}`
      const tokens = await server.ask(
        oauth,
        path,
        `${path}:8k`,
        goodAnswer(now, { access_token: longest }),
      )
      expect(tokens?.accessToken).toBe(longest)
    })
  })
})
