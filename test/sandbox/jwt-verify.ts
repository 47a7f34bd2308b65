import { compactVerify, decodeProtectedHeader } from 'jose'
import type { AppRecord, RegionState } from './registry'
import { LIFETIMES } from './registry'

export interface VerifiedJwt {
  app: AppRecord
  kid: string
  iss: string
  aud: string[]
  iat: number
  exp: number
  jti: string
  sessionName: string | null
}

export type JwtVerdict = { ok: true; jwt: VerifiedJwt } | { ok: false; message: string }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

const deny = (message: string): JwtVerdict => ({ ok: false, message: `invalid JWT: ${message}` })

/**
 * Checks a client assertion the way the notes describe Coze doing it: RS256 with the registered
 * public key picked by kid, iss = app id, aud = this API host, a sane iat/exp window and a jti
 * that has never been seen. The jti is burnt only once everything else passed, so a rejected JWT
 * does not poison a retry with a corrected one.
 */
export async function verifyAppJwt(
  token: string,
  region: RegionState,
  nowMs: number,
): Promise<JwtVerdict> {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(token)
  } catch {
    return deny('not a compact JWS')
  }
  if (header.alg !== 'RS256') return deny('alg must be RS256')
  const kid = header.kid
  if (typeof kid !== 'string' || kid === '') return deny('kid is missing')
  const key = region.keysByKid.get(kid)
  const app = key ? region.apps.get(key.clientId) : undefined
  if (!key || !app) return deny('public key id (kid) not found')
  const material = await key.ready

  let payloadBytes: Uint8Array
  try {
    payloadBytes = (await compactVerify(token, material.publicKey, { algorithms: ['RS256'] }))
      .payload
  } catch {
    return deny('signature verification failed')
  }
  let claims: unknown
  try {
    claims = JSON.parse(new TextDecoder().decode(payloadBytes))
  } catch {
    return deny('payload is not JSON')
  }
  if (!isRecord(claims)) return deny('payload is not a JSON object')

  if (claims.iss !== app.clientId) return deny('iss must be the app id (client_id) of the kid')
  const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud
  if (!Array.isArray(aud) || !aud.every((entry) => typeof entry === 'string')) {
    return deny('aud is missing')
  }
  if (!aud.includes(region.audience)) {
    return deny(`aud must be the API host "${region.audience}"`)
  }
  const { iat, exp, nbf, jti } = claims
  if (!isTime(iat) || !isTime(exp)) return deny('iat and exp must be Unix seconds')
  const now = nowMs / 1000
  if (exp <= now) return deny('token is expired (exp)')
  if (iat > now + LIFETIMES.jwtClockSkew) return deny('iat is in the future')
  if (nbf !== undefined && (!isTime(nbf) || nbf > now + LIFETIMES.jwtClockSkew)) {
    return deny('token is not valid yet (nbf)')
  }
  if (exp <= iat) return deny('exp must be after iat')
  if (exp - iat > LIFETIMES.jwtMaxLifetime) return deny('exp - iat is too long')
  if (typeof jti !== 'string' || jti === '') return deny('jti is missing')
  if (region.usedJtis.has(jti)) return deny('jti has already been used')
  region.usedJtis.set(jti, exp * 1000)

  const sessionName = typeof claims.session_name === 'string' ? claims.session_name : null
  return { ok: true, jwt: { app, kid, iss: app.clientId, aud, iat, exp, jti, sessionName } }
}
