import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../../../../src/main/core/errors'
import type { TokenFormat } from '../../../../src/main/core/clipboard/token-formats'
import { formatToken, tokenFormats } from '../../../../src/main/core/clipboard/token-formats'

// Not a real token: the shape only (the secret scan looks for czu_ followed by 16 characters).
const token = 'czu_TESTabc-123_xyz'

describe('formatToken', () => {
  it.each<[TokenFormat, string, string]>([
    ['raw', 'https://api.coze.com', token],
    ['export', 'https://api.coze.com', `export COZE_API_TOKEN=${token}`],
    ['header', 'https://api.coze.com', `Authorization: Bearer ${token}`],
    [
      'curl',
      'https://api.coze.com',
      `curl -s https://api.coze.com/v1/users/me -H 'Authorization: Bearer ${token}'`,
    ],
    ['dotenv', 'https://api.coze.com', `COZE_API_TOKEN=${token}`],
    // Another region: the SDKs default to api.coze.com, so the snippets name the address.
    ['raw', 'https://api.coze.cn', token],
    [
      'export',
      'https://api.coze.cn',
      `export COZE_API_TOKEN=${token} COZE_API_BASE=https://api.coze.cn`,
    ],
    ['header', 'https://api.coze.cn', `Authorization: Bearer ${token}`],
    [
      'curl',
      'https://api.coze.cn',
      `curl -s https://api.coze.cn/v1/users/me -H 'Authorization: Bearer ${token}'`,
    ],
    ['dotenv', 'https://api.coze.cn', `COZE_API_TOKEN=${token}\nCOZE_API_BASE=https://api.coze.cn`],
    // A local deployment (or the sandbox) on a port.
    [
      'export',
      'http://127.0.0.1:41731',
      `export COZE_API_TOKEN=${token} COZE_API_BASE=http://127.0.0.1:41731`,
    ],
    [
      'curl',
      'http://127.0.0.1:41731',
      `curl -s http://127.0.0.1:41731/v1/users/me -H 'Authorization: Bearer ${token}'`,
    ],
  ])('%s for %s', (format, apiBase, expected) => {
    expect(formatToken(token, format, apiBase)).toBe(expected)
  })

  it('normalises the API base (a trailing slash does not make a second slash)', () => {
    expect(formatToken(token, 'curl', 'https://api.coze.com/')).toBe(
      `curl -s https://api.coze.com/v1/users/me -H 'Authorization: Bearer ${token}'`,
    )
    expect(formatToken(token, 'export', 'https://API.coze.com:443')).toBe(
      `export COZE_API_TOKEN=${token}`,
    )
  })

  it('quotes an IPv6 address for the shell and tells curl not to glob it', () => {
    expect(formatToken(token, 'curl', 'http://[::1]:8080')).toBe(
      `curl -s -g 'http://[::1]:8080/v1/users/me' -H 'Authorization: Bearer ${token}'`,
    )
    expect(formatToken(token, 'export', 'http://[::1]:8080')).toBe(
      `export COZE_API_TOKEN=${token} COZE_API_BASE='http://[::1]:8080'`,
    )
  })

  it('single-quotes a base64-style token in the snippets; raw and header stay as they are', () => {
    const odd = 'abc+/def=='
    expect(formatToken(odd, 'raw', 'https://api.coze.com')).toBe(odd)
    expect(formatToken(odd, 'header', 'https://api.coze.com')).toBe(`Authorization: Bearer ${odd}`)
    expect(formatToken(odd, 'export', 'https://api.coze.com')).toBe(
      `export COZE_API_TOKEN='${odd}'`,
    )
    expect(formatToken(odd, 'dotenv', 'https://api.coze.com')).toBe(`COZE_API_TOKEN='${odd}'`)
    expect(formatToken('~home', 'export', 'https://api.coze.com')).toBe(
      `export COZE_API_TOKEN='~home'`,
    )
  })

  it.each([
    ["a'; rm -rf ~; echo '", 'a quote and a command'],
    ['abc$(id)', 'a command substitution'],
    ['abc`id`', 'backticks'],
    ['abc def', 'a space'],
    ['abc\ndef', 'a newline'],
    ['abc\r\nX-Injected: 1', 'a header break'],
    ['tökén', 'non-ASCII letters'],
    ['abc"def', 'a double quote'],
    ['abc#def', 'a comment sign'],
  ])('refuses %j (%s) in every snippet format, never quoting it back', (bad) => {
    for (const format of ['export', 'header', 'curl', 'dotenv'] as const) {
      let caught: unknown
      try {
        formatToken(bad, format, 'https://api.coze.com')
      } catch (error) {
        caught = error
      }
      expect(caught, format).toBeInstanceOf(InvalidArgumentError)
      expect((caught as Error).message).not.toContain(bad)
    }
  })

  it('copies an odd but visible token raw, and refuses whitespace or control characters', () => {
    expect(formatToken("a'b$c", 'raw', 'https://api.coze.com')).toBe("a'b$c")
    for (const bad of ['abc def', 'abc\ndef', 'abc\u0000', 'tökén', ' ']) {
      expect(() => formatToken(bad, 'raw', 'https://api.coze.com')).toThrow(InvalidArgumentError)
    }
  })

  it('refuses an empty token, an absurdly long one, and an unknown format', () => {
    expect(() => formatToken('', 'raw', 'https://api.coze.com')).toThrow(InvalidArgumentError)
    expect(() => formatToken('a'.repeat(20_000), 'raw', 'https://api.coze.com')).toThrow(
      InvalidArgumentError,
    )
    expect(() =>
      formatToken(token, 'yaml' as unknown as TokenFormat, 'https://api.coze.com'),
    ).toThrow(InvalidArgumentError)
  })

  it('refuses an API base that is not a plain https origin', () => {
    expect(() => formatToken(token, 'curl', "https://api.coze.com/'; id; '")).toThrow(
      InvalidArgumentError,
    )
    expect(() => formatToken(token, 'export', 'http://api.coze.com')).toThrow(InvalidArgumentError)
  })

  it('lists every format', () => {
    expect([...tokenFormats].sort()).toEqual(['curl', 'dotenv', 'export', 'header', 'raw'])
  })
})
