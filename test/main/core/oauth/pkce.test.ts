import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import {
  codeChallenge,
  createCodeVerifier,
  createState,
  isValidCodeVerifier,
} from '../../../../src/main/core/oauth/pkce'
import type { CodeChallengeMethod } from '../../../../src/main/core/oauth/pkce'

/** The RFC 7636 unreserved characters. */
const rfcCharset = /^[A-Za-z0-9\-._~]+$/

function thrown(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected a throw')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createCodeVerifier', () => {
  it('makes 64 characters by default, all from the RFC 7636 set', () => {
    const verifier = createCodeVerifier()
    expect(verifier).toHaveLength(64)
    expect(verifier).toMatch(rfcCharset)
    expect(isValidCodeVerifier(verifier)).toBe(true)
  })

  it.each([43, 44, 45, 46, 100, 127, 128])('makes exactly %i characters when asked', (length) => {
    const verifier = createCodeVerifier(length)
    expect(verifier).toHaveLength(length)
    expect(verifier).toMatch(rfcCharset)
  })

  it.each([0, 16, 42, 129, 43.5, Number.NaN])('refuses a length of %s', (length) => {
    expect(thrown(() => createCodeVerifier(length)).code).toBe('INVALID_ARGUMENT')
  })

  it('draws from the whole base64url alphabet, not hex, and never repeats', () => {
    const verifiers = Array.from({ length: 200 }, () => createCodeVerifier())
    expect(new Set(verifiers).size).toBe(verifiers.length)
    const characters = new Set(verifiers.join(''))
    // 12 800 characters drawn from 64: every one of them shows up.
    expect(characters.size).toBe(64)
  })

  it('does not use Math.random', () => {
    const random = vi.spyOn(Math, 'random')
    createCodeVerifier()
    createState()
    expect(random).not.toHaveBeenCalled()
  })
})

describe('codeChallenge', () => {
  it('matches the S256 example of RFC 7636 appendix B', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'S256')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('is unpadded base64url SHA-256 for a fresh verifier', () => {
    const verifier = createCodeVerifier(128)
    const challenge = codeChallenge(verifier, 'S256')
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
  })

  it('is the verifier itself for plain', () => {
    const verifier = createCodeVerifier()
    expect(codeChallenge(verifier, 'plain')).toBe(verifier)
  })

  it.each([
    'short',
    'a'.repeat(129),
    `${'a'.repeat(42)} `,
    `${'a'.repeat(42)}+`,
    `${'é'.repeat(43)}`,
  ])('refuses the verifier %j without quoting it', (verifier) => {
    const error = thrown(() => codeChallenge(verifier, 'S256'))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.message).not.toContain(verifier.trim())
  })

  it('refuses an unknown method', () => {
    const method = 'S512' as unknown as CodeChallengeMethod
    expect(thrown(() => codeChallenge(createCodeVerifier(), method)).code).toBe('INVALID_ARGUMENT')
  })
})

describe('createState', () => {
  it('carries at least 128 random bits, URL-safe, never the same twice', () => {
    const states = Array.from({ length: 200 }, () => createState())
    for (const state of states) {
      expect(state).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(state.length * 6).toBeGreaterThanOrEqual(128)
    }
    expect(new Set(states).size).toBe(states.length)
  })
})
