import { createHash, randomBytes } from 'node:crypto'
import { InvalidArgumentError } from '../errors'

export type CodeChallengeMethod = 'S256' | 'plain'

/** RFC 7636 §4.1: 43 to 128 characters from the unreserved set. */
export const minVerifierLength = 43
export const maxVerifierLength = 128
const verifierPattern = /^[A-Za-z0-9\-._~]{43,128}$/

/**
 * A fresh PKCE code verifier: `length` base64url characters from the CSPRNG. base64url is a
 * subset of the RFC 7636 alphabet, so every character is allowed and carries 6 random bits.
 */
export function createCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < minVerifierLength || length > maxVerifierLength) {
    throw new InvalidArgumentError(
      `A PKCE code verifier must be ${minVerifierLength} to ${maxVerifierLength} characters long.`,
      { params: { length } },
    )
  }
  // Whole 3-byte groups give whole 4-character groups, so no character is left with fewer than
  // 6 random bits after cutting the text down to the length asked for.
  const bytes = randomBytes(Math.ceil(length / 4) * 3)
  return bytes.toString('base64url').slice(0, length)
}

export function isValidCodeVerifier(verifier: string): boolean {
  return verifierPattern.test(verifier)
}

/**
 * The `code_challenge` for a verifier: BASE64URL(SHA-256(ASCII(verifier))) without padding for
 * S256, the verifier itself for plain.
 */
export function codeChallenge(verifier: string, method: CodeChallengeMethod): string {
  // The verifier is never quoted back: it is a secret until the token exchange.
  if (!isValidCodeVerifier(verifier)) {
    throw new InvalidArgumentError(
      'The PKCE code verifier must be 43 to 128 characters from A-Z, a-z, 0-9 and "-._~".',
    )
  }
  if (method === 'plain') return verifier
  if (method === 'S256') return createHash('sha256').update(verifier, 'ascii').digest('base64url')
  throw new InvalidArgumentError('The PKCE method must be S256 or plain.', {
    params: { method: String(method) },
  })
}

/** An unguessable `state` for one sign-in: 256 bits from the CSPRNG, 43 base64url characters. */
export function createState(): string {
  return randomBytes(32).toString('base64url')
}
