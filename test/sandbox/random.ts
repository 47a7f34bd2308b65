import { randomBytes } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
// RFC 8628 suggests consonants only, so that user codes never spell words and survive being read
// out loud.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'

/** Unbiased: bytes that would favour the first letters are thrown away. */
function randomFrom(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue
      out += alphabet[byte % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}

export function randomAlnum(length: number): string {
  return randomFrom(ALNUM, length)
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

export function randomUserCode(): string {
  const raw = randomFrom(USER_CODE_ALPHABET, 8)
  return `${raw.slice(0, 4)}-${raw.slice(4)}`
}

/** Shaped like Coze's: a UTC timestamp followed by hex. */
export function makeLogId(nowMs: number): string {
  // A clock moved past the Date range must not turn every response into a 500.
  const date = new Date(nowMs)
  const safe = Number.isNaN(date.getTime()) ? new Date(0) : date
  const stamp = safe.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return `${stamp}${randomHex(10).toUpperCase()}`
}
