import { createHash, randomBytes } from 'node:crypto'
import { importPKCS8, SignJWT } from 'jose'
import { httpRequest } from './consent-client'
import type { HttpResult } from './consent-client'
import type { DemoApp, SandboxRegion } from './types'

/** Small helpers shared by the sandbox's own tests (raw HTTP, PKCE, hand-made JWTs). */

export interface JsonResult {
  status: number
  headers: HttpResult['headers']
  json: Record<string, unknown>
}

function parse(result: HttpResult): JsonResult {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(result.body) as Record<string, unknown>
  } catch {
    throw new Error(
      `expected JSON, got ${result.status} ${result.headers['content-type']}: ${result.body.slice(0, 200)}`,
    )
  }
  return { status: result.status, headers: result.headers, json }
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResult> {
  return parse(
    await httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  )
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonResult> {
  return parse(await httpRequest(url, { headers }))
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` }
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

export function authorizeUrl(
  region: SandboxRegion,
  app: DemoApp,
  extra: Record<string, string> = {},
  workspaceId?: string,
): string {
  const path = workspaceId
    ? `/api/permission/oauth2/workspace_id/${workspaceId}/authorize`
    : '/api/permission/oauth2/authorize'
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0] ?? '',
    state: 'state-123',
    ...extra,
  })
  return `${region.wwwBase}${path}?${params.toString()}`
}

export function tokenUrl(region: SandboxRegion): string {
  return `${region.apiBase}/api/permission/oauth2/token`
}

export interface JwtOverrides {
  iss?: string
  aud?: string
  iat?: number
  exp?: number
  jti?: string | null
  kid?: string
  privateKeyPem?: string
}

/** A client assertion signed by hand, so tests can break one claim at a time. */
export async function signAppJwt(
  region: SandboxRegion,
  app: DemoApp,
  nowMs: number,
  overrides: JwtOverrides = {},
): Promise<string> {
  const pem = overrides.privateKeyPem ?? app.privateKeyPem
  if (!pem) throw new Error('app has no private key yet: await sandbox.describe() first')
  const key = await importPKCS8(pem, 'RS256')
  const now = Math.floor(nowMs / 1000)
  const claims: Record<string, unknown> = {}
  const jti = overrides.jti === undefined ? randomBytes(32).toString('hex') : overrides.jti
  if (jti !== null) claims.jti = jti
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: overrides.kid ?? app.publicKeyId ?? '' })
    .setIssuer(overrides.iss ?? app.clientId)
    .setAudience(overrides.aud ?? region.audience)
    .setIssuedAt(overrides.iat ?? now)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(key)
}

export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
