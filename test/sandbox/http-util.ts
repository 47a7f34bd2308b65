import type { IncomingMessage, ServerResponse } from 'node:http'

export const MAX_BODY_BYTES = 1024 * 1024

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // Pages are self-contained; form-action is deliberately absent because Chrome applies it to
    // the redirect that follows the consent form, which would block the hop to redirect_uri.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  })
  res.end(html)
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' })
  res.end()
}

export type BodyResult = { ok: true; raw: Buffer } | { ok: false; reason: 'too-large' | 'aborted' }

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (result: BodyResult): void => {
      if (settled) return
      settled = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Keep draining so the 413 can still be written on a healthy socket.
        chunks.length = 0
        settle({ ok: false, reason: 'too-large' })
        return
      }
      if (!settled) chunks.push(chunk)
    })
    req.on('end', () => settle({ ok: true, raw: Buffer.concat(chunks) }))
    req.on('error', () => settle({ ok: false, reason: 'aborted' }))
    req.on('close', () => settle({ ok: false, reason: 'aborted' }))
  })
}

export type ParsedBody =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'not-an-object' | 'unsupported-content-type' }

export type BodyFormat = 'json' | 'form' | 'json-or-form'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * Every SDK sends JSON to the API, so API routes accept JSON only (a missing or text/plain content
 * type is parsed as JSON too); the HTML forms post form-encoded data.
 */
export function parseBody(
  raw: Buffer,
  contentType: string | undefined,
  format: BodyFormat,
): ParsedBody {
  const type = mediaType(contentType)
  const isForm = type === 'application/x-www-form-urlencoded'
  if (isForm) {
    if (format === 'json') return { ok: false, reason: 'unsupported-content-type' }
    const fields: Record<string, unknown> = {}
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields[key] = value
    return { ok: true, fields }
  }
  if (format === 'form' || (type !== '' && !type.endsWith('json') && type !== 'text/plain')) {
    return { ok: false, reason: 'unsupported-content-type' }
  }
  const text = raw.toString('utf8')
  if (text.trim() === '') return { ok: true, fields: {} }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (!isRecord(value)) return { ok: false, reason: 'not-an-object' }
  return { ok: true, fields: value }
}

export interface AuthorizationHeader {
  scheme: string
  credential: string
}

export function parseAuthorization(header: string | undefined): AuthorizationHeader | null {
  if (header === undefined) return null
  const trimmed = header.trim()
  const space = trimmed.indexOf(' ')
  if (space === -1) return { scheme: trimmed, credential: '' }
  return { scheme: trimmed.slice(0, space), credential: trimmed.slice(space + 1).trim() }
}

/**
 * The Bearer credential, or null for "no credential". JS and Go send `Bearer ` with nothing after
 * it on public-client calls; that is the same as no header at all.
 */
export function bearerToken(header: string | undefined): string | null {
  const parsed = parseAuthorization(header)
  if (!parsed || parsed.scheme.toLowerCase() !== 'bearer' || parsed.credential === '') return null
  return parsed.credential
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
